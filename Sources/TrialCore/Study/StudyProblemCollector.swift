import Foundation

/// Gathers problems while a study definition is checked, so that every problem is reported
/// at once instead of the first only.
struct StudyProblemCollector {
    private(set) var problems: [StudyDefinitionProblem] = []

    mutating func add(_ path: StudyFieldPath, _ rule: StudyRule, _ message: String) {
        problems.append(StudyDefinitionProblem(path: path, rule: rule, message: message))
    }

    mutating func requireText(_ text: String, at path: StudyFieldPath) {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            add(path, .missingField, "is required and must not be empty")
        }
    }

    /// Both languages are required: the site reads Chinese, the registry and report English.
    mutating func requireText(_ text: LocalizedText, at path: StudyFieldPath) {
        requireText(text.en, at: path.key("en"))
        requireText(text.zhHans, at: path.key("zh-Hans"))
    }

    mutating func checkReason(_ setting: StudyTeamSetting?, at path: StudyFieldPath) {
        guard let setting else { return }
        if setting.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            add(path.key("studyTeamSetting").key("reason"), .missingReason,
                "a study-team setting needs the reason for the choice, so that reviewers can judge it")
        }
    }

    /// Reports the second and later uses of a code, pointing at the repeated one.
    mutating func checkUnique(_ codes: [String], noun: String, path: (Int) -> StudyFieldPath) {
        var firstUse: [String: Int] = [:]
        for (index, code) in codes.enumerated() where !code.isEmpty {
            if let first = firstUse[code] {
                add(path(index), .duplicateCode,
                    "\(noun) '\(code)' is already used at position \(first); each \(noun) must be unique")
            } else {
                firstUse[code] = index
            }
        }
    }

    /// Codes appear in participant IDs, dataset values and URLs, so only letters, digits and `_`.
    mutating func checkCodeCharacters(_ code: String, at path: StudyFieldPath, allowUnderscore: Bool) {
        guard !code.isEmpty else {
            add(path, .missingField, "is required and must not be empty")
            return
        }
        let allowed = code.unicodeScalars.allSatisfy {
            ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || (allowUnderscore && $0 == "_")
        }
        if !allowed {
            add(path, .invalidCode,
                "'\(code)' may contain only letters and digits\(allowUnderscore ? " and _" : "")")
        }
    }
}
