import Foundation

extension StudyDefinition {
    /// Every inconsistency in the definition, each with the field path, the rule and a
    /// message the study team can act on. Empty when the definition can run a trial.
    public func validate() -> [StudyDefinitionProblem] {
        var check = StudyProblemCollector()
        validateIdentity(&check)
        validateSites(&check)
        validateArmsAndAllocation(&check)
        validateRandomization(&check)
        validateScreeningFields(&check)
        validateEligibility(&check)
        validateStratification(&check)
        validateVisits(&check)
        validateEndpoints(&check)
        validateQualityOfLife(&check)
        return check.problems
    }

    /// Throws `ValidationFailure` with every problem as a field error (for the API and CLI).
    public func validated() throws -> StudyDefinition {
        try ValidationFailure.throwIfAny(validate().map(\.fieldError))
        return self
    }

    private func validateIdentity(_ check: inout StudyProblemCollector) {
        check.requireText(protocolId, at: "protocolId")
        check.requireText(version, at: "version")
        check.requireText(title, at: "title")
        check.requireText(sponsor, at: "sponsor")
        check.requireText(registration.registry, at: "registration.registry")
        check.requireText(registration.phase, at: "registration.phase")
        check.requireText(registration.studyType, at: "registration.studyType")
        check.requireText(registration.masking, at: "registration.masking")
        // ClinicalTrials.gov numbers are NCT followed by eight digits.
        if let id = registration.registryId, registration.registry.lowercased().contains("clinicaltrials.gov") {
            let digits = id.dropFirst(3)
            if !(id.hasPrefix("NCT") && digits.count == 8 && digits.allSatisfy { $0.isASCII && $0.isNumber }) {
                check.add("registration.registryId", .invalidRegistryId,
                          "'\(id)' is not a ClinicalTrials.gov number; write NCT followed by 8 digits, e.g. NCT01234567")
            }
        }
    }

    private func validateSites(_ check: inout StudyProblemCollector) {
        if sites.isEmpty {
            check.add("sites", .missingField, "list at least one site")
        }
        for (i, site) in sites.enumerated() {
            let path = StudyFieldPath("sites").index(i)
            // Participant IDs are written SITE-NNNN, so a site code cannot hold '-' or spaces.
            check.checkCodeCharacters(site.code, at: path.key("code"), allowUnderscore: false)
            check.requireText(site.name, at: path.key("name"))
            check.requireText(site.city, at: path.key("city"))
        }
        check.checkUnique(sites.map(\.code), noun: "site code") { StudyFieldPath("sites").index($0).key("code") }
    }

    private func validateArmsAndAllocation(_ check: inout StudyProblemCollector) {
        if arms.count < 2 {
            check.add("arms", .tooFewArms, "a randomized trial needs at least two arms; found \(arms.count)")
        }
        for (i, arm) in arms.enumerated() {
            let path = StudyFieldPath("arms").index(i)
            check.checkCodeCharacters(arm.code, at: path.key("code"), allowUnderscore: true)
            check.requireText(arm.label, at: path.key("label"))
            check.requireText(arm.description, at: path.key("description"))
        }
        check.checkUnique(arms.map(\.code), noun: "arm code") { StudyFieldPath("arms").index($0).key("code") }

        let armCodes = arms.map(\.code)
        let known = armCodes.joined(separator: ", ")
        for code in allocationRatio.weights.keys.sorted() {
            let path = StudyFieldPath("allocationRatio").key(code)
            if !armCodes.contains(code) {
                check.add(path, .unknownArmCode, "'\(code)' is not an arm code; the ratio may name only the arms \(known)")
            }
            if let weight = allocationRatio.weights[code], weight <= 0 {
                check.add(path, .nonPositiveWeight, "weight \(weight) must be a positive whole number (1 for 1:1)")
            }
        }
        for code in armCodes where !code.isEmpty && allocationRatio.weights[code] == nil {
            check.add("allocationRatio", .armWithoutWeight,
                      "arm '\(code)' has no weight; give every arm a positive weight, e.g. \(code): 1")
        }
        if targetEnrollment <= 0 {
            check.add("targetEnrollment", .nonPositiveTargetEnrollment,
                      "must be a positive number of participants; found \(targetEnrollment)")
        }
    }

    private func validateRandomization(_ check: inout StudyProblemCollector) {
        let path = StudyFieldPath("randomization")
        check.checkReason(randomization.studyTeamSetting, at: path)
        switch randomization {
        case .permutedBlocks(let settings):
            if settings.blockSizes.isEmpty {
                check.add(path.key("blockSizes"), .missingField, "list at least one block size, e.g. [4, 6]")
            }
            let ratioTotal = allocationRatio.reducedTotal
            var seen = Set<Int>()
            for (k, size) in settings.blockSizes.enumerated() {
                let sizePath = path.key("blockSizes").index(k)
                if size <= 0 {
                    check.add(sizePath, .invalidBlockSize, "block size \(size) must be positive")
                } else if !seen.insert(size).inserted {
                    check.add(sizePath, .invalidBlockSize, "block size \(size) is listed twice")
                } else if ratioTotal > 0 && size % ratioTotal != 0 {
                    // A block must hold each arm its ratio weight times a whole number of cycles.
                    check.add(sizePath, .blockSizeNotMultipleOfRatio,
                              "block size \(size) is not a multiple of the allocation ratio total \(ratioTotal); "
                              + "use \(ratioTotal), \(2 * ratioTotal), \(3 * ratioTotal), ...")
                } else if size > 1_000 {
                    // The randomization lists refuse longer blocks; no trial needs them.
                    check.add(sizePath, .invalidBlockSize, "block size \(size) must be at most 1000")
                }
            }
        case .minimization(let settings):
            if stratification.isEmpty {
                check.add(path, .minimizationWithoutFactors,
                          "minimization balances over stratification factors; define at least one under stratification")
            }
            let factorCodes = stratification.map(\.code)
            for code in settings.factorWeights.keys.sorted() {
                let weightPath = path.key("factorWeights").key(code)
                if !factorCodes.contains(code) {
                    check.add(weightPath, .unknownStratificationFactor,
                              "'\(code)' is not a stratification factor; use one of \(factorCodes.joined(separator: ", "))")
                }
                if let weight = settings.factorWeights[code], !(weight.isFinite && weight >= 0) {
                    check.add(weightPath, .nonPositiveWeight, "factor weight must be 0 or more; found \(weight)")
                }
            }
            if !stratification.isEmpty && stratification.allSatisfy({ settings.weight(ofFactor: $0.code) == 0 }) {
                check.add(path.key("factorWeights"), .nonPositiveWeight,
                          "at least one factor needs a weight above 0, or minimization balances nothing")
            }
            // From 1/k (a fair draw among k arms) to 1 (always the least imbalancing arm).
            let p = settings.biasedCoinProbability
            let lowest = arms.count >= 2 ? 1 / Double(arms.count) : 0.5
            if !(p >= lowest && p <= 1) {
                check.add(path.key("biasedCoinProbability"), .invalidProbability,
                          "\(p) must be from \(NumericRule.format(lowest)) to 1 (0.8 is usual)")
            }
        }
    }

    private func validateScreeningFields(_ check: inout StudyProblemCollector) {
        for (i, field) in screeningFields.enumerated() {
            let path = StudyFieldPath("screeningFields").index(i)
            check.checkCodeCharacters(field.name, at: path.key("name"), allowUnderscore: true)
            check.requireText(field.label, at: path.key("label"))
            switch field.kind {
            case .category:
                if (field.categories ?? []).isEmpty {
                    check.add(path.key("categories"), .missingField, "a category field lists its allowed words")
                }
                if field.range != nil {
                    check.add(path.key("range"), .fieldKindMismatch, "a category field has categories, not a range")
                }
                for word in (field.categoryLabels ?? [:]).keys.sorted() where !(field.categories ?? []).contains(word) {
                    check.add(path.key("categoryLabels").key(word), .invalidValue,
                              "'\(word)' is not one of the categories (\((field.categories ?? []).joined(separator: ", "))); label only listed words")
                }
                if let labels = field.categoryLabels {
                    for word in field.categories ?? [] {
                        if let label = labels[word] {
                            check.requireText(label, at: path.key("categoryLabels").key(word))
                        } else {
                            check.add(path.key("categoryLabels").key(word), .missingField,
                                      "every category needs a label once any has one, so no page shows a bare word")
                        }
                    }
                }
            case .integer, .decimal:
                if field.categories != nil || field.categoryLabels != nil {
                    check.add(path.key(field.categories != nil ? "categories" : "categoryLabels"), .fieldKindMismatch,
                              "a numeric field has a range, not categories")
                }
                if let range = field.range, ValueCoverage(wholeNumbers: field.kind == .integer).interval(range) == nil {
                    check.add(path.key("range"), .invalidValue, "\(range) allows no value")
                }
            }
        }
        check.checkUnique(screeningFields.map(\.name), noun: "screening field") {
            StudyFieldPath("screeningFields").index($0).key("name")
        }
    }

    private func validateEligibility(_ check: inout StudyProblemCollector) {
        var allowedSoFar: [String: NumericRule] = [:]
        for (i, criterion) in eligibility.enumerated() {
            let path = StudyFieldPath("eligibility").index(i)
            check.requireText(criterion.id, at: path.key("id"))
            check.requireText(criterion.text, at: path.key("text"))
            check.checkReason(criterion.studyTeamSetting, at: path)
            switch criterion.answer {
            case .yesNo:
                if criterion.sourceField != nil {
                    check.add(path.key("sourceField"), .answerRuleMismatch,
                              "only a value criterion reads a screening field; a yes/no criterion is answered directly")
                }
            case .value(let rule):
                let rulePath = path.key("qualifyingRule")
                guard let name = criterion.sourceField else {
                    if rule.isEmpty { check.add(rulePath, .criterionNeverMet, "\(rule) is met by no value") }
                    continue
                }
                guard let field = screeningField(named: name) else {
                    check.add(path.key("sourceField"), .unknownScreeningField,
                              "'\(name)' is not a screening field; declare it under screeningFields or use one of "
                              + screeningFields.map(\.name).joined(separator: ", "))
                    continue
                }
                guard field.kind.isNumeric else {
                    check.add(path.key("sourceField"), .fieldKindMismatch,
                              "'\(name)' is a category field; a value criterion needs a numeric field")
                    continue
                }
                let coverage = ValueCoverage(wholeNumbers: field.kind == .integer)
                let withinField = rule.intersection(field.range ?? .anyValue)
                if coverage.interval(withinField) == nil {
                    check.add(rulePath, .criterionNeverMet,
                              "\(rule) is met by no possible value of \(name)"
                              + (field.range.map { " (\($0)\(field.kind == .integer ? ", whole numbers" : ""))" } ?? ""))
                    continue
                }
                let combined = (allowedSoFar[name] ?? field.range ?? .anyValue).intersection(rule)
                if coverage.interval(combined) == nil {
                    check.add(rulePath, .criterionNeverMet,
                              "together with the earlier criteria on \(name) no value qualifies; no patient could be eligible")
                }
                allowedSoFar[name] = combined
            }
        }
        check.checkUnique(eligibility.map(\.id), noun: "criterion id") {
            StudyFieldPath("eligibility").index($0).key("id")
        }
    }
}
