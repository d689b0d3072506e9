/// Why a classical test cannot be computed from the data given; `field` names the input at fault
/// and `message` says what is wrong and what is allowed.
public struct ClassicalTestError: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
