import Foundation

extension StudyDefinition {
    /// A level must be producible by some eligible participant's recorded value, levels of a
    /// factor must not overlap (a value would fall in two strata), and together they must
    /// cover every eligible value (else an eligible patient could not be randomized).
    func validateStratification(_ check: inout StudyProblemCollector) {
        for (i, factor) in stratification.enumerated() {
            let path = StudyFieldPath("stratification").index(i)
            check.checkCodeCharacters(factor.code, at: path.key("code"), allowUnderscore: true)
            check.requireText(factor.label, at: path.key("label"))
            check.checkReason(factor.studyTeamSetting, at: path)
            if factor.levels.count < 2 {
                check.add(path.key("levels"), .tooFewLevels,
                          "a factor needs at least two levels to stratify; found \(factor.levels.count)")
            }
            for (j, level) in factor.levels.enumerated() {
                check.requireText(level.code, at: path.key("levels").index(j).key("code"))
                if let label = level.label { check.requireText(label, at: path.key("levels").index(j).key("label")) }
            }
            check.checkUnique(factor.levels.map(\.code), noun: "level code") {
                path.key("levels").index($0).key("code")
            }
            guard let field = screeningField(named: factor.sourceField) else {
                check.add(path.key("sourceField"), .unknownScreeningField,
                          "'\(factor.sourceField)' is not a screening field; declare it under screeningFields or use one of "
                          + screeningFields.map(\.name).joined(separator: ", "))
                continue
            }
            if field.kind.isNumeric {
                validateNumericLevels(of: factor, field: field, at: path, &check)
            } else {
                validateCategoryLevels(of: factor, field: field, at: path, &check)
            }
        }
        check.checkUnique(stratification.map(\.code), noun: "stratification factor") {
            StudyFieldPath("stratification").index($0).key("code")
        }
    }

    private func validateNumericLevels(of factor: StratificationFactor, field: ScreeningField,
                                       at path: StudyFieldPath, _ check: inout StudyProblemCollector) {
        let coverage = ValueCoverage(wholeNumbers: field.kind == .integer)
        let eligible = eligibleValues(ofField: field.name)
        let eligibleExists = coverage.interval(eligible) != nil
        var usable: [(index: Int, range: NumericRule)] = []
        for (j, level) in factor.levels.enumerated() {
            let levelPath = path.key("levels").index(j)
            if level.values != nil {
                check.add(levelPath.key("values"), .fieldKindMismatch,
                          "\(field.name) is numeric; give the level a range such as 'between 6 and 7', not values")
            }
            guard let range = level.range else {
                check.add(levelPath, .missingField, "level '\(level.code)' needs a range of \(field.name) values")
                continue
            }
            if coverage.interval(range) == nil {
                check.add(levelPath.key("range"), .levelNeverProduced,
                          "\(range) contains no \(field.kind == .integer ? "whole number" : "value"), so no recorded "
                          + "\(field.name) can produce level '\(level.code)'")
                continue
            }
            if eligibleExists && !coverage.overlap(range, eligible) {
                check.add(levelPath.key("range"), .levelOutsideEligibility,
                          "\(range) lies outside the \(field.name) values that eligibility allows (\(eligible)), "
                          + "so no randomized participant can be in level '\(level.code)'")
                continue
            }
            usable.append((j, range))
        }
        for (a, first) in usable.enumerated() {
            for second in usable[(a + 1)...] where coverage.overlap(first.range, second.range) {
                check.add(path.key("levels").index(second.index).key("range"), .overlappingLevels,
                          "\(second.range) overlaps level '\(factor.levels[first.index].code)' (\(first.range)); "
                          + "a value in both would fall in two strata")
            }
        }
        guard eligibleExists, !usable.isEmpty else { return }
        let gaps = coverage.uncovered(eligible, by: usable.map(\.range))
        if !gaps.isEmpty {
            check.add(path.key("levels"), .eligibleValuesWithoutLevel,
                      "no level holds these eligible \(field.name) values: \(gaps.map(Self.values(in:)).joined(separator: "; ")); "
                      + "an eligible patient with such a value could not be randomized")
        }
    }

    /// `8`, `8 to 9`, or the rule itself for open or half-open stretches (`> 10`).
    static func values(in gap: NumericRule) -> String {
        if let lower = gap.lower, let upper = gap.upper, lower.isInclusive, upper.isInclusive {
            if lower.value == upper.value { return NumericRule.format(lower.value) }
            return "\(NumericRule.format(lower.value)) to \(NumericRule.format(upper.value))"
        }
        return gap.description
    }

    private func validateCategoryLevels(of factor: StratificationFactor, field: ScreeningField,
                                        at path: StudyFieldPath, _ check: inout StudyProblemCollector) {
        let categories = field.categories ?? []
        var levelOfWord: [String: String] = [:]
        for (j, level) in factor.levels.enumerated() {
            let levelPath = path.key("levels").index(j)
            if level.range != nil {
                check.add(levelPath.key("range"), .fieldKindMismatch,
                          "\(field.name) is a category field; list the level's values, not a range")
            }
            guard let values = level.values, !values.isEmpty else {
                check.add(levelPath, level.values == nil ? .missingField : .levelNeverProduced,
                          "level '\(level.code)' needs the \(field.name) values (\(categories.joined(separator: ", "))) that produce it")
                continue
            }
            for (k, word) in values.enumerated() {
                if !categories.contains(word) {
                    check.add(levelPath.key("values").index(k), .levelNeverProduced,
                              "'\(word)' is not a \(field.name) category (\(categories.joined(separator: ", "))), "
                              + "so no recorded value produces it")
                } else if let other = levelOfWord[word] {
                    check.add(levelPath.key("values").index(k), .overlappingLevels,
                              "'\(word)' is already in level '\(other)'; a value in both would fall in two strata")
                } else {
                    levelOfWord[word] = level.code
                }
            }
        }
        let missing = categories.filter { levelOfWord[$0] == nil }
        if !missing.isEmpty && !levelOfWord.isEmpty {
            check.add(path.key("levels"), .eligibleValuesWithoutLevel,
                      "no level holds these \(field.name) values: \(missing.joined(separator: ", ")); "
                      + "a patient with such a value could not be randomized")
        }
    }
}
