import Testing
import TrialCore
import TrialStudyFile

/// One way to break the small study file and the exact problems the reader must report.
struct InvalidStudyCase: Sendable, CustomTestStringConvertible {
    struct Expected: Sendable, Equatable, CustomStringConvertible {
        var line: Int?
        var field: String
        var rule: StudyRule
        var description: String { "line \(line.map(String.init) ?? "-"): \(field): \(rule.rawValue)" }
    }

    let name: String
    let yaml: String
    let expected: [Expected]

    init(_ name: String, _ yaml: String, _ expected: [(Int?, String, StudyRule)]) {
        self.name = name
        self.yaml = yaml
        self.expected = expected.map { Expected(line: $0.0, field: $0.1, rule: $0.2) }
    }

    var testDescription: String { name }
}

private typealias F = SmallStudyFixture

private let cases: [InvalidStudyCase] = [
    InvalidStudyCase("unknown arm code in the ratio", F.replacing(line: 30, with: "allocationRatio: {A: 1, C: 1}"), [
        (30, "allocationRatio.C", .unknownArmCode),
        (30, "allocationRatio", .armWithoutWeight),
    ]),
    InvalidStudyCase("ratio weight zero", F.replacing(line: 30, with: "allocationRatio: {A: 1, B: 0}"), [
        (30, "allocationRatio.B", .nonPositiveWeight),
    ]),
    InvalidStudyCase("block size not a multiple of the ratio total", F.replacing(line: 34, with: "  blockSizes: [2, 5]"), [
        (34, "randomization.blockSizes[1]", .blockSizeNotMultipleOfRatio),
    ]),
    InvalidStudyCase("duplicate site code", F.replacing(line: 13, with: """
            city: {en: Jinan, zh-Hans: 济南}
          - code: "960"
            name: {en: Other, zh-Hans: 其他}
            city: {en: Jinan, zh-Hans: 济南}
        """), [
        (14, "sites[1].code", .duplicateCode),
    ]),
    InvalidStudyCase("site code that cannot start a participant ID", F.replacing(line: 11, with: "  - code: \"96-0\""), [
        (11, "sites[0].code", .invalidCode),
    ]),
    InvalidStudyCase("duplicate arm code", F.replacing(line: 27, with: "  - code: A"), [
        (27, "arms[1].code", .duplicateCode),
        (30, "allocationRatio.B", .unknownArmCode),
    ]),
    InvalidStudyCase("duplicate criterion id", F.replacing(line: 51, with: "  - id: I1"), [
        (51, "eligibility[1].id", .duplicateCode),
    ]),
    InvalidStudyCase("duplicate visit code", F.replacing(line: 69, with: "  - code: BL"), [
        (69, "visits[2].code", .duplicateCode),
        (90, "qualityOfLife.timepoints[1]", .unknownVisitCode),
    ]),
    InvalidStudyCase("overlapping windows within a repeating series", F.replacing(line: 67, with: "    windowPlusDays: 60"), [
        (63, "visits[1]", .overlappingVisitWindows),
    ]),
    InvalidStudyCase("overlapping windows of two visits collecting the same form",
                     F.replacing(line: 71, with: "    day: 7"), [
        (69, "visits[2]", .overlappingVisitWindows),
    ]),
    InvalidStudyCase("stratification level outside what eligibility allows",
                     F.replacing(line: 43, with: "        range: between 11 and 12"), [
        (39, "stratification[0].levels", .eligibleValuesWithoutLevel),
        (43, "stratification[0].levels[1].range", .levelOutsideEligibility),
    ]),
    InvalidStudyCase("stratification level that contains no whole number",
                     F.replacing(line: 41, with: "        range: \"> 7 and < 8\""), [
        (39, "stratification[0].levels", .eligibleValuesWithoutLevel),
        (41, "stratification[0].levels[0].range", .levelNeverProduced),
    ]),
    InvalidStudyCase("overlapping stratification levels", F.replacing(line: 41, with: "        range: between 6 and 8"), [
        (43, "stratification[0].levels[1].range", .overlappingLevels),
    ]),
    InvalidStudyCase("eligible values that fall in no level", F.replacing(line: 43, with: "        range: between 9 and 10"), [
        (39, "stratification[0].levels", .eligibleValuesWithoutLevel),
    ]),
    InvalidStudyCase("unknown form name", F.replacing(line: 68, with: "    forms: [tumourAssessment, imagingReport]"), [
        (68, "visits[1].forms[1]", .unknownForm),
    ]),
    InvalidStudyCase("missing top-level field reports the document's first line", F.removing(line: 31), [
        (1, "targetEnrollment", .missingField),
    ]),
    InvalidStudyCase("missing nested field reports its parent mapping", F.removing(line: 46), [
        (45, "eligibility[0].kind", .missingField),
    ]),
    InvalidStudyCase("missing translation", F.replacing(line: 3, with: "title: {en: Small study}"), [
        (3, "title.zh-Hans", .missingField),
    ]),
    InvalidStudyCase("target enrollment zero", F.replacing(line: 31, with: "targetEnrollment: 0"), [
        (31, "targetEnrollment", .nonPositiveTargetEnrollment),
    ]),
    InvalidStudyCase("target enrollment not a number", F.replacing(line: 31, with: "targetEnrollment: many"), [
        (31, "targetEnrollment", .wrongType),
    ]),
    InvalidStudyCase("endpoint time frame zero", F.replacing(line: 82, with: "    timeFrameDays: 0"), [
        (82, "endpoints[0].timeFrameDays", .nonPositiveTimeFrame),
    ]),
    InvalidStudyCase("no primary endpoint", F.replacing(line: 80, with: "    role: secondary"), [
        (77, "endpoints", .primaryEndpointCount),
    ]),
    InvalidStudyCase("misspelt optional field", F.replacing(line: 74, with: """
            forms: [qlqC30]
            studyTeamSeting: {reason: chosen by the team}
        """), [
        (75, "visits[2].studyTeamSeting", .unknownField),
    ]),
    InvalidStudyCase("misspelt section", F.replacing(line: 31, with: "targetEnrollment: 40\ntargetEnrolment: 40"), [
        (32, "targetEnrolment", .unknownField),
    ]),
    InvalidStudyCase("value rule that does not parse", F.replacing(line: 49, with: "    qualifyingRule: more than 6"), [
        (49, "eligibility[0].qualifyingRule", .invalidValue),
    ]),
    InvalidStudyCase("yes/no criterion given a value rule", F.replacing(line: 55, with: "    qualifyingRule: \"<= 1\""), [
        (55, "eligibility[1].qualifyingRule", .answerRuleMismatch),
    ]),
    InvalidStudyCase("criterion reading an undeclared screening field",
                     F.replacing(line: 50, with: "    sourceField: lesionCount"), [
        (39, "stratification[0].levels", .eligibleValuesWithoutLevel),
        (50, "eligibility[0].sourceField", .unknownScreeningField),
    ]),
    InvalidStudyCase("visit for an unknown arm", F.replacing(line: 74, with: "    forms: [qlqC30]\n    arms: [C]"), [
        (75, "visits[2].arms[0]", .unknownArmCode),
    ]),
    InvalidStudyCase("repeat that ends before it starts",
                     F.replacing(line: 65, with: "    repeat: {firstDay: 56, everyDays: 56, lastDay: 10}"), [
        (65, "visits[1].repeat.lastDay", .invalidRepeat),
    ]),
    InvalidStudyCase("ClinicalTrials.gov number in the wrong form",
                     F.replacing(line: 5, with: "  registry: ClinicalTrials.gov\n  registryId: NCT123"), [
        (6, "registration.registryId", .invalidRegistryId),
    ]),
    InvalidStudyCase("imaging schedule naming a single visit", F.replacing(line: 76, with: "  visit: Q6"), [
        (76, "imaging.visit", .notRepeatingVisit),
        (76, "imaging.visit", .visitMissingForm),
    ]),
    InvalidStudyCase("questionnaire timepoint at a visit without the form",
                     F.replacing(line: 90, with: "  timepoints: [BL, IMG]"), [
        (90, "qualityOfLife.timepoints[1]", .visitMissingForm),
    ]),
    InvalidStudyCase("study-team setting without a reason",
                     F.replacing(line: 34, with: "  blockSizes: [2, 4]\n  studyTeamSetting: {reason: \"\"}"), [
        (35, "randomization.studyTeamSetting.reason", .missingReason),
    ]),
    InvalidStudyCase("minimization over an unknown factor with an impossible coin",
                     F.replacing(lines: [
                         33: "  scheme: minimization",
                         34: "  factorWeights: {size: 1}\n  biasedCoinProbability: 1.2",
                     ]), [
        (34, "randomization.factorWeights.size", .unknownStratificationFactor),
        (35, "randomization.biasedCoinProbability", .invalidProbability),
    ]),
]

@Suite("Invalid study files")
struct InvalidStudyFileTests {
    @Test(arguments: cases)
    func invalid_file_is_rejected_with_line_field_and_rule(_ testCase: InvalidStudyCase) {
        do {
            _ = try StudyDefinitionFile.parse(yaml: testCase.yaml, source: "small.yaml")
            Issue.record("\(testCase.name): the file was accepted")
        } catch let error as StudyDefinitionFileError {
            let found = error.problems.map { InvalidStudyCase.Expected(line: $0.line, field: $0.field, rule: $0.rule) }
            #expect(found == testCase.expected, "\(error)")
            #expect(error.problems.allSatisfy { !$0.message.isEmpty })
        } catch {
            Issue.record("unexpected error type: \(error)")
        }
    }

    @Test func the_small_fixture_itself_is_valid() throws {
        let study = try StudyDefinitionFile.parse(yaml: SmallStudyFixture.yaml, source: "small.yaml")
        #expect(study.scheduledVisits.map(\.code) == ["BL", "IMG-1", "IMG-2", "IMG-3", "Q6", "IMG-4", "IMG-5", "IMG-6"])
    }

    @Test func every_problem_of_a_file_is_reported_at_once_in_file_order() throws {
        let yaml = SmallStudyFixture.replacing(lines: [
            30: "allocationRatio: {A: 1, C: 1}",
            31: "targetEnrollment: -5",
            82: "    timeFrameDays: 0",
        ])
        let error = try #require(throws: StudyDefinitionFileError.self) {
            try StudyDefinitionFile.parse(yaml: yaml, source: "small.yaml")
        }
        #expect(error.problems.map(\.line) == [30, 30, 31, 82])
        #expect(error.description.hasPrefix("small.yaml: 4 problems\n  line 30: allocationRatio.C: 'C' is not an arm code"))
    }

    @Test func decoding_problems_in_several_sections_are_all_reported() throws {
        let yaml = SmallStudyFixture.replacing(lines: [
            31: "targetEnrollment: many",
            68: "    forms: [tumourAssessment, imagingReport]",
        ])
        let error = try #require(throws: StudyDefinitionFileError.self) {
            try StudyDefinitionFile.parse(yaml: yaml, source: "small.yaml")
        }
        #expect(error.problems.map { "\($0.line ?? 0) \($0.rule)" } == ["31 wrongType", "68 unknownForm"])
        #expect(error.problems[0].message == "must be a whole number, found 'many'")
    }

    @Test func broken_yaml_is_reported_as_a_syntax_problem_with_its_line() throws {
        let yaml = SmallStudyFixture.replacing(line: 30, with: "allocationRatio: {A: 1, B: 1")
        let error = try #require(throws: StudyDefinitionFileError.self) {
            try StudyDefinitionFile.parse(yaml: yaml, source: "small.yaml")
        }
        #expect(error.problems.count == 1)
        #expect(error.problems.first?.rule == .invalidSyntax)
        #expect(error.problems.first?.line == 31)
    }

    @Test func empty_file_is_rejected() {
        #expect(throws: StudyDefinitionFileError.self) {
            try StudyDefinitionFile.parse(yaml: "", source: "empty.yaml")
        }
    }

    @Test func problem_description_reads_line_field_message() {
        let problem = StudyFileProblem(line: 12, field: "allocationRatio.XYZ", rule: .unknownArmCode,
                                       message: "'XYZ' is not an arm code")
        #expect(problem.description == "line 12: allocationRatio.XYZ: 'XYZ' is not an arm code")
        #expect(problem.fieldError == FieldError(field: "allocationRatio.XYZ", message: "line 12: 'XYZ' is not an arm code"))
    }
}
