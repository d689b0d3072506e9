import Foundation
import TrialCore
import Yams

/// Reads study definition files (YAML, docs/study-definition.md) into `StudyDefinition`,
/// rejecting an invalid file with every problem, each with its line, field and rule.
public enum StudyDefinitionFile {
    /// The top-level sections, in the order the documentation presents them.
    public static let sections = [
        "protocolId", "version", "title", "registration", "sponsor", "sites", "screeningFields", "arms",
        "allocationRatio", "targetEnrollment", "randomization", "stratification", "eligibility", "visits",
        "imaging", "endpoints", "qualityOfLife", "amendment",
    ]

    /// Parses and validates a study file.
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - source: the file's name or path, used in messages.
    /// - Throws: `StudyDefinitionFileError` listing every problem found.
    public static func parse(yaml: String, source: String) throws -> StudyDefinition {
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: yaml) else {
                throw StudyDefinitionFileError(source: source, problems: [
                    StudyFileProblem(line: nil, field: "(study)", rule: .missingField,
                                     message: "the file is empty; a study file is a mapping of sections such as protocolId, title, arms"),
                ])
            }
            root = composed
        } catch let error as YamlError {
            throw StudyDefinitionFileError(source: source, problems: [syntaxProblem(error)])
        }
        guard root.mapping != nil else {
            throw StudyDefinitionFileError(source: source, problems: [
                StudyFileProblem(line: root.mark?.line, field: "(study)", rule: .wrongType,
                                 message: "a study file is a mapping of sections such as protocolId, title, arms"),
            ])
        }

        var reader = StudySectionReader(root: root)
        reader.rejectUnknownKeys(of: root, allowed: sections)
        let protocolId = reader.required("protocolId", String.self)
        let version = reader.required("version", String.self)
        let title = reader.required("title", LocalizedText.self)
        let registration = reader.required("registration", StudyRegistration.self)
        let sponsor = reader.required("sponsor", LocalizedText.self)
        let sites = reader.requiredList("sites", StudySite.self)
        let screeningFields = reader.requiredList("screeningFields", ScreeningField.self, emptyWhenAbsent: true)
        let arms = reader.requiredList("arms", StudyArm.self)
        let allocationRatio = reader.required("allocationRatio", AllocationRatio.self)
        let targetEnrollment = reader.required("targetEnrollment", Int.self)
        let randomization = reader.required("randomization", RandomizationScheme.self)
        let stratification = reader.requiredList("stratification", StratificationFactor.self, emptyWhenAbsent: true)
        let eligibility = reader.requiredList("eligibility", EligibilityCriterion.self)
        let visits = reader.requiredList("visits", VisitDefinition.self)
        let imaging = reader.required("imaging", ImagingSchedule.self)
        let endpoints = reader.requiredList("endpoints", EndpointDefinition.self)
        let qualityOfLife = reader.required("qualityOfLife", QualityOfLifeSchedule.self)
        let amendment = reader.optional("amendment", StudyAmendmentNote.self)

        guard reader.problems.isEmpty,
              let protocolId, let version, let title, let registration, let sponsor, let sites, let screeningFields,
              let arms, let allocationRatio, let targetEnrollment, let randomization, let stratification,
              let eligibility, let visits, let imaging, let endpoints, let qualityOfLife else {
            throw error(source: source, problems: reader.problems, locator: reader.locator)
        }
        var study = StudyDefinition(
            protocolId: protocolId, version: version, title: title, registration: registration, sponsor: sponsor,
            sites: sites, screeningFields: screeningFields, arms: arms, allocationRatio: allocationRatio,
            targetEnrollment: targetEnrollment, randomization: randomization, stratification: stratification,
            eligibility: eligibility, visits: visits, imaging: imaging, endpoints: endpoints,
            qualityOfLife: qualityOfLife)
        study.amendment = amendment
        let problems = study.validate()
        if !problems.isEmpty {
            throw error(source: source, problems: problems, locator: reader.locator)
        }
        return study
    }

    /// Reads a study file from disk.
    public static func load(path: String) throws -> StudyDefinition {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StudyDefinitionFileError(source: path, problems: [
                StudyFileProblem(line: nil, field: "(file)", rule: .missingField,
                                 message: "cannot read '\(path)': no such file or not readable"),
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw StudyDefinitionFileError(source: path, problems: [
                StudyFileProblem(line: nil, field: "(file)", rule: .invalidSyntax, message: "the file is not UTF-8 text"),
            ])
        }
        return try parse(yaml: text, source: path)
    }

    /// The text of the study TrialDesk ships with (the trial of the registration).
    public static var defaultYAML: String {
        guard let url = Bundle.module.url(forResource: "default-study", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            // The resource is part of the target; its absence is a packaging defect.
            preconditionFailure("default-study.yaml is missing from the TrialStudyFile bundle")
        }
        return text
    }

    /// The amendments of the default study TrialDesk ships, oldest first (each a whole study file whose
    /// `amendment` section names the version it amends and why): version 1.1 adds the 12-month scan.
    public static var defaultAmendmentYAMLs: [(source: String, yaml: String)] {
        ["default-study-1.1"].map { name in
            guard let url = Bundle.module.url(forResource: name, withExtension: "yaml"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else {
                preconditionFailure("\(name).yaml is missing from the TrialStudyFile bundle")
            }
            return ("\(name).yaml", text)
        }
    }

    /// The default study's design run at more sites and a larger target: the scale demo (`trialdesk demo
    /// --participants 1200 --sites 6`). Site 960 stays first; the others are demonstration sites 961, 962, ...
    /// The text stays the study file a site would write, so it installs and is checked like any other.
    /// `base` is the version to widen (the default study, or one of its amendments).
    public static func multiSiteYAML(sites: Int, targetEnrollment: Int, base: String = defaultYAML) -> String {
        var lines = base.components(separatedBy: "\n")
        if let target = lines.firstIndex(where: { $0.hasPrefix("targetEnrollment:") }) {
            lines[target] = "targetEnrollment: \(targetEnrollment)"
        }
        guard sites > 1, let header = lines.firstIndex(of: "sites:"),
              let end = lines[header...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            return lines.joined(separator: "\n")
        }
        let cities = [("Jinan", "济南"), ("Qingdao", "青岛"), ("Zibo", "淄博"), ("Yantai", "烟台"), ("Weifang", "潍坊"), ("Linyi", "临沂"),
                      ("Jining", "济宁"), ("Tai'an", "泰安"), ("Weihai", "威海")]
        var added: [String] = []
        for number in 1..<sites {
            let (en, zh) = cities[number % cities.count]
            added += [
                "  - code: \"\(960 + number)\"",
                "    name:",
                "      en: \"Demonstration site \(960 + number)\"",
                "      zh-Hans: \"演示中心 \(960 + number)\"",
                "    city:",
                "      en: \"\(en)\"",
                "      zh-Hans: \(zh)",
            ]
        }
        lines.insert(contentsOf: added, at: end)
        return lines.joined(separator: "\n")
    }

    /// The default study, parsed and validated.
    public static func loadDefault() throws -> StudyDefinition {
        try parse(yaml: defaultYAML, source: "default-study.yaml")
    }

    /// Problems found in a valid file by a later check (an amendment refused against the running trial),
    /// each given the line of its field in `yaml`, as `study check` reports them.
    public static func locate(_ problems: [StudyDefinitionProblem], inYAML yaml: String, source: String) -> StudyDefinitionFileError {
        guard let root = try? Yams.compose(yaml: yaml) else {
            return StudyDefinitionFileError(source: source, problems: problems.map {
                StudyFileProblem(line: nil, field: $0.field, rule: $0.rule, message: $0.message)
            })
        }
        return error(source: source, problems: problems, locator: YAMLNodeLocator(root: root))
    }

    private static func error(source: String, problems: [StudyDefinitionProblem],
                              locator: YAMLNodeLocator) -> StudyDefinitionFileError {
        let located = problems.map { problem in
            StudyFileProblem(line: locator.line(of: problem.path), field: problem.field, rule: problem.rule,
                             message: problem.message)
        }
        // File order reads best: the study team fixes the file from top to bottom.
        let sorted = located.enumerated().sorted { a, b in
            (a.element.line ?? 0, a.offset) < (b.element.line ?? 0, b.offset)
        }.map(\.element)
        return StudyDefinitionFileError(source: source, problems: sorted)
    }

    private static func syntaxProblem(_ error: YamlError) -> StudyFileProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return StudyFileProblem(line: mark.line, field: "(yaml)", rule: .invalidSyntax,
                                    message: "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return StudyFileProblem(line: context.mark.line, field: "(yaml)", rule: .invalidSyntax,
                                    message: "key \(duplicates.joined(separator: ", ")) appears twice in one mapping")
        default:
            return StudyFileProblem(line: nil, field: "(yaml)", rule: .invalidSyntax, message: "not valid YAML: \(error)")
        }
    }
}
