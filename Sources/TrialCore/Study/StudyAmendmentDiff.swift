import Foundation

/// What an amendment changes, as lines a study team reads before installing it: sites, screening fields,
/// eligibility criteria, visits and their windows, target enrollment and endpoints.
public struct StudyAmendmentDiff: Sendable, Hashable, Codable {
    public struct Section: Sendable, Hashable, Codable {
        public var title: String
        public var lines: [String]
    }

    public var fromVersion: String
    public var toVersion: String
    public var sections: [Section]

    public var isEmpty: Bool { sections.allSatisfy(\.lines.isEmpty) }

    public init(from current: StudyDefinition, to proposed: StudyDefinition) {
        fromVersion = current.version
        toVersion = proposed.version
        var sections: [Section] = []
        sections.append(Section(title: "sites", lines: Self.keyed(current.sites, proposed.sites, key: \.code) { site in
            "\(site.code) \(site.name.en), \(site.city.en)"
        }))
        sections.append(Section(title: "screening fields", lines: Self.keyed(current.screeningFields, proposed.screeningFields, key: \.name) { field in
            "\(field.name) (\(field.kind.rawValue)\(field.range.map { ", \($0.description)" } ?? "")\(field.categories.map { ", \($0.joined(separator: "/"))" } ?? ""))"
        }))
        sections.append(Section(title: "eligibility criteria", lines: Self.keyed(current.eligibility, proposed.eligibility, key: \.id) { criterion in
            let rule: String
            switch criterion.answer {
            case .yesNo(let qualifying): rule = "qualifies with \(qualifying.rawValue)"
            case .value(let numeric): rule = "qualifies with \(numeric.description)"
            }
            return "\(criterion.id) \(criterion.kind.rawValue): \(criterion.text.en) (\(rule))"
        }))
        sections.append(Section(title: "visits", lines: Self.keyed(current.visits, proposed.visits, key: \.code) { visit in
            let when = visit.repeat.map { "days \($0.firstDay) to \($0.lastDay) every \($0.everyDays)" } ?? "day \(visit.day ?? 0)"
            return "\(visit.code) \(visit.label.en): \(when), window -\(visit.windowMinusDays)/+\(visit.windowPlusDays), forms \(visit.forms.map(\.rawValue).joined(separator: ", "))\(visit.arms.map { ", arms \($0.joined(separator: ", "))" } ?? "")"
        }))
        var other: [String] = []
        if current.targetEnrollment != proposed.targetEnrollment {
            other.append("target enrollment: \(current.targetEnrollment) -> \(proposed.targetEnrollment)")
        }
        other += Self.keyed(current.endpoints, proposed.endpoints, key: \.code.rawValue) { endpoint in
            "endpoint \(endpoint.code.rawValue) (\(endpoint.role.rawValue), \(endpoint.timeFrameDays) days)"
        }
        if current.title != proposed.title { other.append("title: \(proposed.title.en)") }
        sections.append(Section(title: "other", lines: other))
        self.sections = sections.filter { !$0.lines.isEmpty }
    }

    /// `+ added`, `- removed`, `~ old -> new` for items matched by their code.
    private static func keyed<T: Hashable>(_ old: [T], _ new: [T], key: (T) -> String, describe: (T) -> String) -> [String] {
        let oldByKey = Dictionary(old.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let newKeys = Set(new.map(key))
        var lines: [String] = []
        for item in new {
            guard let before = oldByKey[key(item)] else {
                lines.append("+ \(describe(item))")
                continue
            }
            if before != item {
                let (was, now) = (describe(before), describe(item))
                lines.append(was == now ? "~ \(now) (labels or reasons changed)" : "~ \(was)\n    -> \(now)")
            }
        }
        for item in old where !newKeys.contains(key(item)) {
            lines.append("- \(describe(item))")
        }
        return lines
    }

    /// The diff as text, one section after another.
    public var text: String {
        guard !isEmpty else { return "No changes from version \(fromVersion) apart from the version number." }
        return (["Version \(fromVersion) -> \(toVersion)"] + sections.flatMap { section in
            ["\(section.title):"] + section.lines.map { "  \($0)" }
        }).joined(separator: "\n")
    }
}
