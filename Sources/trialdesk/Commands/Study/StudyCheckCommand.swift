import ArgumentParser
import Foundation
import TrialCore
import TrialStudyFile

/// `trialdesk study check FILE`: reads and validates a study file; prints OK and a summary,
/// or every problem with its line, field and rule (exit code 2).
struct StudyCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a study definition file and summarise it.",
        discussion: """
            Prints OK and a summary when the file can run a trial. Otherwise prints every problem as \
            'line N: field: message' and exits with code 2. With --json the summary is JSON, and the \
            problems are {"errors":[{"field","message"}]} as every trialdesk command reports them.
            """
    )

    @Argument(help: "The study file to check (YAML), e.g. study.yaml.")
    var file: String

    @Flag(help: "Write the summary or the errors as JSON.")
    var json = false

    func run() throws {
        let data = try CommandOutput.readInput(path: file)
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandOutput.reject(field: "FILE", message: "'\(file)' is not UTF-8 text")
        }
        let study: StudyDefinition
        do {
            study = try StudyDefinitionFile.parse(yaml: text, source: file)
        } catch let error as StudyDefinitionFileError {
            if json { throw CommandOutput.reject(error.problems.map(\.fieldError)) }
            print(error.description)
            throw CommandOutput.invalidInputExitCode
        }
        let summary = StudySummary(study)
        if json {
            try CommandOutput.printJSON(summary)
        } else {
            print("OK: \(file)")
            print(summary.lines.map { "  \($0)" }.joined(separator: "\n"))
        }
    }
}

/// What `study check` reports about a valid study file.
struct StudySummary: Encodable {
    let status = "OK"
    let protocolId: String
    let version: String
    let title: String
    let sites: [String]
    let arms: [String]
    let allocationRatio: String
    let targetEnrollment: Int
    let randomization: String
    let strata: [String]
    let inclusionCriteria: Int
    let exclusionCriteria: Int
    let scheduledVisits: Int
    let endpoints: [String]
    let studyTeamSettings: [StudyTeamChoice]

    init(_ study: StudyDefinition) {
        protocolId = study.protocolId
        version = study.version
        title = study.title.en
        sites = study.sites.map { "\($0.code) \($0.name.en), \($0.city.en)" }
        arms = study.arms.map { "\($0.code): \($0.label.en)" }
        allocationRatio = study.arms.map { "\(study.allocationRatio.weight(of: $0.code) ?? 0)" }.joined(separator: ":")
        targetEnrollment = study.targetEnrollment
        switch study.randomization {
        case .permutedBlocks(let settings):
            randomization = "permuted blocks of size \(settings.blockSizes.map(String.init).joined(separator: " or "))"
        case .minimization(let settings):
            randomization = "minimization (\(settings.imbalanceMeasure.rawValue), p = \(settings.biasedCoinProbability))"
        }
        strata = study.allStrata.map(\.key)
        inclusionCriteria = study.eligibility.filter { $0.kind == .inclusion }.count
        exclusionCriteria = study.eligibility.filter { $0.kind == .exclusion }.count
        scheduledVisits = study.scheduledVisits.count
        endpoints = study.endpoints.map { "\($0.code.rawValue) (\($0.role.rawValue), \($0.timeFrameDays) days)" }
        studyTeamSettings = study.studyTeamChoices
    }

    var lines: [String] {
        [
            "\(protocolId) version \(version): \(title)",
            "sites: \(sites.joined(separator: "; "))",
            "arms: \(arms.joined(separator: "; ")) (ratio \(allocationRatio))",
            "target enrollment: \(targetEnrollment)",
            "randomization: \(randomization)",
            "strata: \(strata.joined(separator: ", "))",
            "eligibility: \(inclusionCriteria) inclusion, \(exclusionCriteria) exclusion criteria",
            "visits: \(scheduledVisits) scheduled",
            "endpoints: \(endpoints.joined(separator: "; "))",
            "study-team settings: \(studyTeamSettings.count) (\(studyTeamSettings.map(\.subject).joined(separator: ", ")))",
        ]
    }
}
