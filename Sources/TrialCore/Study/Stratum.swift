import Foundation

/// The combination of factor levels a participant is randomized in; permuted-block lists
/// are kept one per stratum.
public struct Stratum: Codable, Sendable, Hashable, CustomStringConvertible {
    public struct FactorLevel: Codable, Sendable, Hashable {
        public var factor: String
        public var level: String

        public init(factor: String, level: String) {
            self.factor = factor
            self.level = level
        }
    }

    /// One entry per stratification factor, in the study's factor order.
    public var levels: [FactorLevel]

    public init(levels: [FactorLevel]) {
        self.levels = levels
    }

    /// A stable key such as `lesionCount=6-7` (factors joined by `;`), or `all` when the
    /// study is not stratified. Stored with each allocation.
    public var key: String {
        levels.isEmpty ? "all" : levels.map { "\($0.factor)=\($0.level)" }.joined(separator: ";")
    }

    public func level(ofFactor code: String) -> String? {
        levels.first { $0.factor == code }?.level
    }

    public var description: String { key }
}

/// Why a participant's stratum cannot be derived from the recorded values.
public struct StratificationProblem: Codable, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable {
        /// The factor's source field has no recorded value.
        case missingValue
        /// The value is recorded but falls in none of the factor's levels.
        case noMatchingLevel
        /// The value cannot be a value of the field (wrong type, not whole, out of range).
        case invalidValue
    }

    public var factor: String
    public var field: String
    public var kind: Kind
    public var message: String

    public init(factor: String, field: String, kind: Kind, message: String) {
        self.factor = factor
        self.field = field
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// Every factor whose level could not be derived.
public struct StratificationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [StratificationProblem]

    public init(problems: [StratificationProblem]) {
        self.problems = problems
    }

    public var fieldErrors: [FieldError] { problems.map { FieldError(field: $0.field, message: $0.message) } }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

extension StudyDefinition {
    /// The stratum of a participant from the values recorded at screening.
    /// - Throws: `StratificationFailure` naming each factor whose value is missing, invalid
    ///   or outside every level (randomization must then be refused).
    public func stratum(for recorded: [String: ScreeningValue]) throws(StratificationFailure) -> Stratum {
        var levels: [Stratum.FactorLevel] = []
        var problems: [StratificationProblem] = []
        for factor in stratification {
            let field = factor.sourceField
            guard let value = recorded[field] else {
                problems.append(StratificationProblem(
                    factor: factor.code, field: field, kind: .missingValue,
                    message: "is required to stratify by \(factor.code); record it before randomization"))
                continue
            }
            if let rejection = screeningField(named: field)?.rejection(of: value) {
                problems.append(StratificationProblem(factor: factor.code, field: field, kind: .invalidValue, message: rejection))
                continue
            }
            guard let level = factor.level(for: value) else {
                let known = factor.levels.map { level in
                    "\(level.code) (\(level.range?.description ?? (level.values ?? []).joined(separator: ", ")))"
                }
                problems.append(StratificationProblem(
                    factor: factor.code, field: field, kind: .noMatchingLevel,
                    message: "\(value) falls in no level of \(factor.code); levels are \(known.joined(separator: "; "))"))
                continue
            }
            levels.append(Stratum.FactorLevel(factor: factor.code, level: level.code))
        }
        if !problems.isEmpty { throw StratificationFailure(problems: problems) }
        return Stratum(levels: levels)
    }

    /// Every stratum the factors can form (the product of their levels), in factor and level order.
    public var allStrata: [Stratum] {
        stratification.reduce([Stratum(levels: [])]) { strata, factor in
            strata.flatMap { stratum in
                factor.levels.map { Stratum(levels: stratum.levels + [Stratum.FactorLevel(factor: factor.code, level: $0.code)]) }
            }
        }
    }
}
