import Foundation

/// A saved form with the identifier the store gave it, so that findings and queries can point at it.
public struct RecordedForm<Form: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    public var id: String
    public var form: Form

    public init(id: String, form: Form) {
        self.id = id
        self.form = form
    }
}
