import Foundation
import Testing
@testable import TrialCore
import TrialTestFixtures

private typealias F = ResponseFixtures
private typealias P = PercistFixtures

/// The response, enrollment, data-cleaning and account rules report a stable code and named values beside
/// the English sentence, so a page can phrase them in its own language; the sentence is unchanged.
@Suite struct ResponseAndEnrollmentRuleCodeTests {

    // MARK: RECIST 1.1

    @Test func a_third_target_in_one_organ_names_the_organ_and_its_two_targets() throws {
        let request = F.request(
            targets: [F.target("T1", "liver", "20"), F.target("T2", "Liver", "15"), F.target("T3", "liver", "12")],
            followUps: [])
        let error = F.recistErrors(request).first { $0.field == "baseline.targets[2].organ" }
        let found = try codedRule(error)
        #expect(found.code == "recist.tooManyTargetsPerOrgan")
        #expect(found.arguments == ["maximum": "2", "organ": "liver", "lesions": "T1, T2"])
        #expect(error?.message == "RECIST 1.1 allows at most 2 target lesions per organ and 'liver' already has T1, T2; record this lesion as a non-target lesion")
    }

    /// RECIST working group FAQ: all lymph nodes are one organ, so nodes at different sites share the limit.
    @Test func a_third_nodal_target_uses_the_lymph_node_rule_without_an_organ_value() throws {
        let request = F.request(
            targets: [F.target("N1", "neck", "16", nodal: true), F.target("N2", "axilla", "18", nodal: true),
                      F.target("N3", "groin", "20", nodal: true)],
            followUps: [])
        let error = F.recistErrors(request).first { $0.field == "baseline.targets[2].organ" }
        let found = try codedRule(error)
        #expect(found.code == "recist.tooManyNodalTargets")
        #expect(found.arguments == ["maximum": "2", "lesions": "N1, N2"])
        #expect(error?.message == "RECIST 1.1 allows at most 2 target lesions per organ and lymph nodes (all sites count as one organ) already has N1, N2; record this lesion as a non-target lesion")
    }

    @Test func thick_slices_raise_the_measurable_minimum_and_the_message_says_why() throws {
        var request = F.request(targets: [F.target("T1", "lung", "12")], followUps: [])
        request.sliceThicknessMm = 8
        let error = F.recistErrors(request).first { $0.field == "baseline.targets[0].mm" }
        let found = try codedRule(error)
        #expect(found.code == "recist.targetBelowSliceMinimum")
        #expect(found.arguments == ["minimum": "16", "sliceThickness": "8", "size": "12"])
        #expect(error?.message == "a non-nodal target lesion needs a longest diameter of at least 16 mm (twice the 8 mm slice thickness) to be measurable (RECIST 1.1); 12 mm is not: record it as a non-target lesion")
    }

    @Test func a_small_target_with_thin_slices_uses_the_plain_minimum_rule() throws {
        let request = F.request(targets: [F.target("T1", "lung", "9.5")], followUps: [])
        let found = try codedRule(F.recistErrors(request).first { $0.field == "baseline.targets[0].mm" })
        #expect(found.code == "recist.targetBelowMinimum")
        #expect(found.arguments == ["minimum": "10", "size": "9.5"])
    }

    @Test func a_non_target_read_as_a_target_points_to_the_non_target_list() throws {
        var request = F.request(
            targets: [F.target("T1", "liver", "20")],
            nonTargets: [.init(id: "NT1", organ: "bone")], followUps: [["18"]])
        request.followUps[0].targets.append(F.reading("NT1", "7"))
        let error = F.recistErrors(request).first { $0.field == "followUps[0].targets[1].id" }
        let found = try codedRule(error)
        #expect(found.code == "recist.readingIsNonTarget")
        #expect(found.arguments == ["lesion": "NT1"])
        #expect(error?.message == "'NT1' is a non-target lesion at baseline; record it under nonTargets")
    }

    @Test func a_negative_length_carries_the_value_typed() throws {
        let request = F.request(targets: [F.target("T1", "liver", "20")], followUps: [["-3"]])
        let error = F.recistErrors(request).first { $0.field == "followUps[0].targets[0].mm" }
        let found = try codedRule(error)
        #expect(found.code == "recist.lengthNegative")
        #expect(found.arguments == ["value": "-3"])
        #expect(error?.message == "must not be negative (-3); a lesion that has disappeared is 0 mm")
    }

    @Test func a_follow_up_on_the_baseline_date_names_the_earlier_scan() throws {
        var request = F.request(targets: [F.target("T1", "liver", "20")], followUps: [["18"]])
        request.followUps[0].date = F.baselineDate
        let found = try codedRule(F.recistErrors(request).first { $0.field == "followUps[0].date" })
        #expect(found.code == "recist.scanDateOrder")
        #expect(found.arguments == ["previousField": "baseline.date", "previousDate": "2026-01-05"])
    }

    // MARK: PERCIST 1.0

    @Test func a_baseline_target_below_the_liver_threshold_spells_out_the_formula() throws {
        let request = PercistEvaluationRequest(baseline: P.baseline([P.lesion("L1", "3.00")]), followUps: [])
        let error = P.errors(request).first { $0.field == "baseline.lesions" }
        let found = try codedRule(error)
        #expect(found.code == "percist.baselineBelowLiverThreshold")
        #expect(found.arguments == ["lesion": "L1", "sulPeak": "3", "threshold": "3.5", "meanFactor": "1.5", "sdFactor": "2"])
        #expect(error?.message == "the hottest lesion ('L1', SULpeak 3) is below the measurability threshold 3.5 (1.5 x liver mean + 2 x liver SD): PERCIST needs a measurable target lesion at baseline")
    }

    @Test func complete_resolution_above_the_liver_mean_names_the_lesion() throws {
        let request = PercistEvaluationRequest(
            baseline: P.baseline([P.lesion("L1", "6.00")]),
            followUps: [P.followUp(0, [P.lesion("L1", "2.50")], completeResolution: true)])
        let error = P.errors(request).first { $0.field == "followUps[0].completeResolution" }
        let found = try codedRule(error)
        #expect(found.code == "percist.completeResolutionAboveLiverMean")
        #expect(found.arguments == ["mean": "2", "lesion": "L1", "sulPeak": "2.5"])
        #expect(error?.message == "complete metabolic response needs every lesion below the liver mean (2); 'L1' has SULpeak 2.5")
    }

    /// The region is part of the sentence (one code per region), never an English word passed as a value.
    @Test func a_follow_up_switching_reference_region_names_the_baseline_region_in_its_code() throws {
        var request = PercistEvaluationRequest(
            baseline: P.baseline([P.lesion("L1", "6.00")]), followUps: [P.followUp(0, [P.lesion("L1", "4.00")])])
        request.followUps[0].liverMean = nil
        request.followUps[0].liverSD = nil
        request.followUps[0].bloodPoolMean = 2
        request.followUps[0].bloodPoolSD = 1
        let error = P.errors(request).first { $0.field == "followUps[0].bloodPoolMean" }
        let found = try codedRule(error)
        #expect(found.code == "percist.liverReferenceExpected")
        #expect(found.arguments.isEmpty)
        #expect(error?.message == "the baseline used the liver reference; give liverMean and liverSD at every scan")
    }

    // MARK: Local control of treated lesions

    @Test func treated_lesion_scans_out_of_order_name_the_previous_scan() throws {
        let record = TreatedLesionRecord(id: "L1", implantationDate: F.day(0), scans: [
            .init(date: F.day(60), mm: 20), .init(date: F.day(30), mm: 18),
        ])
        let failure = try #require(throws: ValidationFailure.self) {
            try TreatedLesionLocalControl(evaluating: record)
        }
        let error = failure.errors.first { $0.field == "scans[1].date" }
        let found = try codedRule(error)
        #expect(found.code == "localControl.scanDateOrder")
        #expect(found.arguments == ["previousField": "scans[0].date", "previousDate": F.day(60).iso8601])
        #expect(error?.message == "must be after scans[0].date (\(F.day(60).iso8601)); scans are listed in date order, one per date")
    }

    // MARK: Queries and record control

    @Test func answering_a_query_that_is_not_open_passes_the_status_as_a_translatable_value() throws {
        guard case .failure(let error) = DataQueryLifecycle.transition(from: .answered, .answer, by: .coordinator, text: "done") else {
            Issue.record("an answered query was answered again")
            return
        }
        let found = try codedRule(error)
        #expect(found.code == "query.answerOnlyOpen")
        #expect(found.arguments == ["status": "answered"])
        #expect(error.message == "only an open query can be answered; this one is answered")
    }

    @Test func a_locked_casebook_refuses_edits_with_its_own_code() throws {
        let error = RecordControl.editRefusal(RecordControlState(formLocked: true, participantLocked: true))
        #expect(try codedRule(error).code == "control.casebookLocked")
        #expect(error?.field == "participant")
    }

    // MARK: Screening, consent, randomization

    @Test func an_unknown_site_lists_the_study_sites() throws {
        let submission = ScreeningSubmission(siteCode: "999", screeningDate: F.day(0), values: [:], answers: [:])
        let error = submission.problems(in: StudyFixture.study, today: F.day(1)).first { $0.field == "siteCode" }
        let found = try codedRule(error)
        #expect(found.code == "screening.unknownSite")
        #expect(found.arguments == ["site": "999", "sites": "960"])
        #expect(error?.message == "'999' is not a site of this study (sites: 960)")
    }

    @Test func a_consent_dated_in_the_future_names_both_dates() throws {
        let consent = ConsentRecord(date: F.day(3), formVersion: "2.0", obtainedBy: "coordinator 7")
        let error = consent.problems(today: F.day(1)).first
        let found = try codedRule(error)
        #expect(found.code == "screening.dateInFuture")
        #expect(found.arguments == ["date": F.day(3).iso8601, "today": F.day(1).iso8601])
        #expect(error?.message == "\(F.day(3).iso8601) is in the future (today is \(F.day(1).iso8601))")
    }

    /// The stratification problem's rule travels to the readiness reason at the screening value's path.
    @Test func readiness_reasons_keep_the_codes_of_consent_eligibility_and_stratification() throws {
        let submission = ScreeningSubmission(siteCode: "960", screeningDate: F.day(0), values: ["age": .number(60)], answers: [:])
        let readiness = RandomizationReadiness(study: StudyFixture.study, submission: submission, consent: nil)
        let reasons = readiness.reasons
        let eligibility = try codedRule(reasons.first { $0.field == "eligibility" })
        #expect(eligibility.code == "randomization.eligibilityIncomplete")
        #expect(reasons.first { $0.field == "eligibility" }?.message == "the participant is not eligible (incomplete)")
        #expect(try codedRule(reasons.first { $0.field == "consent" }).code == "randomization.consentMissing")
        let stratum = reasons.first { $0.field == "values.metastaticLesionCount" }
        let stratumRule = try codedRule(stratum)
        #expect(stratumRule.code == "stratum.valueMissing")
        #expect(stratumRule.arguments == ["factor": "lesionCount"])
        #expect(stratum?.message == "is required to stratify by lesionCount; record it before randomization")
    }

    @Test func a_value_outside_every_stratum_lists_the_levels() throws {
        let failure = try #require(throws: StratificationFailure.self) {
            try StudyFixture.study.stratum(for: ["metastaticLesionCount": .number(11)])
        }
        let error = failure.fieldErrors.first
        let found = try codedRule(error)
        #expect(found.code == "stratum.noMatchingLevel")
        #expect(found.arguments == ["value": "11", "factor": "lesionCount", "levels": "6-7 (between 6 and 7); 8-10 (between 8 and 10)"])
        #expect(failure.problems.first?.message == error?.message)
    }

    // MARK: Accounts

    @Test func a_short_password_names_the_minimum_and_its_length() throws {
        let error = PasswordPolicy.standard.problems(with: "abc123").first
        let found = try codedRule(error)
        #expect(found.code == "password.tooShort")
        #expect(found.arguments == ["minimum": "12", "length": "6"])
        #expect(error?.message == "must have at least 12 characters (it has 6)")
    }

    // MARK: The sources themselves

    /// The files these rules live in: each coded message is `RuleMessage("code", "template"` with a code of
    /// this area, and a code reused at another call site keeps the identical template (one translation).
    @Test func every_code_in_these_areas_has_one_template_and_an_area_prefix() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/TrialCore")
        let folders = ["Response", "Enrollment", "DataCleaning"]
        let single = ["Study/EligibilityEvaluation.swift", "Study/StudyDefinition+Stratum.swift",
                      "Study/StratificationFailure.swift", "Access/PasswordPolicy.swift"]
        var files = single.map { root.appendingPathComponent($0) }
        for folder in folders {
            let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
            files += names.filter { $0.hasSuffix(".swift") }.map { root.appendingPathComponent(folder).appendingPathComponent($0) }
        }
        let prefixes = ["recist.", "percist.", "localControl.", "screening.", "eligibility.", "randomization.",
                        "stratum.", "query.", "control.", "password."]
        let pattern = try NSRegularExpression(pattern: #"RuleMessage\("([^"]+)", "((?:[^"\\]|\\.)*)""#)
        var templates: [String: String] = [:]
        for file in files {
            let source = try String(contentsOf: file, encoding: .utf8)
            for match in pattern.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
                let code = String(source[Range(match.range(at: 1), in: source)!])
                let template = String(source[Range(match.range(at: 2), in: source)!])
                #expect(prefixes.contains { code.hasPrefix($0) }, "\(code) in \(file.lastPathComponent)")
                #expect(!template.contains("\\("), "\(code) interpolates into its template")
                if let earlier = templates[code] { #expect(earlier == template, "\(code) has two templates") }
                templates[code] = template
            }
        }
        #expect(templates.count >= 70, "found only \(templates.count) codes; the scan lost the sources")
    }
}
