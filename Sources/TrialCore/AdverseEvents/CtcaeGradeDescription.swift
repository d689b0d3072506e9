import Foundation

/// The description of one grade of one CTCAE term.
public struct CtcaeGradeDescription: Hashable, Sendable, Codable {
    /// 1 mild, 2 moderate, 3 severe or medically significant, 4 life-threatening, 5 death related to the event.
    public let grade: Int
    public let description: String

    public init(grade: Int, description: String) {
        self.grade = grade
        self.description = description
    }
}
