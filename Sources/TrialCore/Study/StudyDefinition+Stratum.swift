import Foundation

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
                    RuleMessage("stratum.valueMissing", "is required to stratify by {factor}; record it before randomization", ["factor": factor.code])))
                continue
            }
            if let rejection = screeningField(named: field)?.rejectionRule(of: value) {
                problems.append(StratificationProblem(factor: factor.code, field: field, kind: .invalidValue, rejection))
                continue
            }
            guard let level = factor.level(for: value) else {
                let known = factor.levels.map { level in
                    "\(level.code) (\(level.range?.description ?? (level.values ?? []).joined(separator: ", ")))"
                }
                // The levels are listed as the study definition writes them (codes and value rules).
                problems.append(StratificationProblem(
                    factor: factor.code, field: field, kind: .noMatchingLevel,
                    RuleMessage("stratum.noMatchingLevel", "{value} falls in no level of {factor}; levels are {levels}",
                                ["value": "\(value)", "factor": factor.code, "levels": known.joined(separator: "; ")])))
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
