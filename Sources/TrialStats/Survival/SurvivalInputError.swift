import Foundation

/// Why survival data cannot be analysed: the argument at fault, the 1-based position when one value is to
/// blame, and the rule it breaks.
public struct SurvivalInputError: Error, Sendable, Hashable, CustomStringConvertible {
    public let argument: String
    public let position: Int?
    public let message: String

    public init(argument: String, position: Int? = nil, message: String) {
        self.argument = argument
        self.position = position
        self.message = message
    }

    public var description: String {
        position.map { "\(argument)[\($0)]: \(message)" } ?? "\(argument): \(message)"
    }

    /// Checks the shared shape of right-censored data: equal lengths, finite times >= 0, events 0 or 1.
    static func validate(times: [Double], events: [Int], extra: [(String, Int)] = []) throws(SurvivalInputError) {
        if times.isEmpty {
            throw SurvivalInputError(argument: "times", message: "no observations; at least one is needed")
        }
        if events.count != times.count {
            throw SurvivalInputError(argument: "events", message: "has \(events.count) values but times has \(times.count)")
        }
        for (name, count) in extra where count != times.count {
            throw SurvivalInputError(argument: name, message: "has \(count) values but times has \(times.count)")
        }
        for (index, time) in times.enumerated() where !(time.isFinite && time >= 0) {
            throw SurvivalInputError(argument: "times", position: index + 1, message: "\(time) is not a finite time >= 0")
        }
        for (index, event) in events.enumerated() where event != 0 && event != 1 {
            throw SurvivalInputError(argument: "events", position: index + 1, message: "\(event) is not 0 (censored) or 1 (event)")
        }
    }
}
