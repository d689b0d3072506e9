import Foundation

/// Thrown while decoding a study definition when a value is present but not allowed
/// (an unknown form name, a value rule that does not parse). It carries the decoder's
/// path so that a file reader can point at the line.
public struct StudyValueRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public var problem: StudyDefinitionProblem

    public init(codingPath: [any CodingKey], rule: StudyRule, message: String) {
        self.problem = StudyDefinitionProblem(path: StudyFieldPath(codingPath: codingPath), rule: rule, message: message)
    }

    public var description: String { problem.description }
}
