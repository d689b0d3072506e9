import Foundation
import Testing
import TrialCore
@testable import TrialReports

/// The numbers behind the waterfall, spider, swimmer and progression-pattern figures, recomputed here from the
/// recorded forms of the synthetic trial and from the exported datasets (never from the figures' own code).
@Suite struct ResponseCourseNumbersTests {
    static let trial = SyntheticTrial()
    static let output = TrialAnalysisNumbersTests.output
    static var analysis: TrialAnalysis { output.analysis }

    /// Rows of a dataset as dictionaries by variable name.
    static func rows(_ name: String) -> [[String: AnalysisValue]] {
        let dataset = output.datasets.dataset(named: name)!
        return dataset.rows.map { Dictionary(uniqueKeysWithValues: zip(dataset.variables.map(\.name), $0)) }
    }

    static func text(_ value: AnalysisValue?) -> String? {
        if case .text(let text)? = value { return text }
        return nil
    }

    static func date(_ value: AnalysisValue?) -> CalendarDate? {
        if case .date(let date)? = value { return date }
        return nil
    }

    static func number(_ value: AnalysisValue?) -> Double? {
        if case .number(let number)? = value { return number }
        return nil
    }

    /// Each participant's measured post-baseline target sums as (day, percent change), straight from the forms:
    /// the baseline targets' sizes, and every assessment on or after randomization that measured all of them.
    static func targetCourses() -> [String: [(day: Int, percent: Double)]] {
        var courses: [String: [(day: Int, percent: Double)]] = [:]
        for entries in trial.participants {
            let casebook = entries.participant.casebook
            let randomized = entries.participant.randomizationDate
            guard let baseline = casebook.baseline?.form else { continue }
            let targets = baseline.lesions.filter { $0.role == .target }
            let baselineSum = targets.reduce(0.0) { $0 + NSDecimalNumber(decimal: $1.sizeMm).doubleValue }
            var points: [(day: Int, percent: Double)] = []
            for form in casebook.assessments.map(\.form).filter({ $0.date >= randomized }).sorted(by: { $0.date < $1.date }) {
                let sizes = targets.map { target in form.targets.first { $0.id == target.id }?.mm }
                guard sizes.allSatisfy({ $0 != nil }) else { continue }
                let sum = sizes.reduce(0.0) { $0 + NSDecimalNumber(decimal: $1!).doubleValue }
                points.append((randomized.days(until: form.date), (sum - baselineSum) / baselineSum * 100))
            }
            courses[entries.participant.studyId] = points
        }
        return courses
    }

    @Test func waterfall_bars_are_the_best_change_of_the_target_sum_recorded_in_the_forms() throws {
        let courses = Self.targetCourses()
        let measured = courses.filter { !$0.value.isEmpty }
        #expect(Self.analysis.waterfall.count == measured.count)
        #expect(Self.analysis.waterfall.count > 100)
        for entry in Self.analysis.waterfall {
            let best = try #require(measured[entry.participant]?.map(\.percent).min(), "\(entry.participant)")
            #expect(abs(entry.bestPercentChange - best) < 1e-9, "\(entry.participant): \(entry.bestPercentChange) vs \(best)")
        }
        #expect(Set(Self.analysis.waterfallUnmeasured.map(\.participant)) == Set(courses.filter { $0.value.isEmpty }.keys))
        // Sorted from the largest increase to the deepest decrease.
        let values = Self.analysis.waterfall.map(\.bestPercentChange)
        #expect(values == values.sorted(by: >))
    }

    @Test func waterfall_best_responses_agree_with_the_rs_listing_of_ct_participants() throws {
        let ctParticipants = Set(Self.rows("ADSL").filter { Self.text($0["RSPCRIT"]) == "RECIST 1.1" }.compactMap { Self.text($0["SUBJID"]) })
        let responses = Dictionary(grouping: Self.rows("RS")) { Self.text($0["USUBJID"]) ?? "" }
        var checked = 0
        for entry in Self.analysis.waterfall where ctParticipants.contains(entry.participant) {
            let rows = (responses["\(Self.analysis.protocolId)-\(entry.participant)"] ?? []).sorted { (Self.date($0["RSDTC"])!) < (Self.date($1["RSDTC"])!) }
            let results = rows.compactMap { Self.text($0["RSORRES"]) }
            let beforeProgression = results.prefix { $0 != "PD" }
            // The best response before the first progression, without confirmation: CR, then PR.
            if beforeProgression.contains("CR") { #expect(entry.bestOverallResponse == "CR", "\(entry.participant)") }
            else if beforeProgression.contains("PR") { #expect(entry.bestOverallResponse == "PR", "\(entry.participant)") }
            else if results.first == "PD" { #expect(entry.bestOverallResponse == "PD", "\(entry.participant)") }
            checked += 1
        }
        #expect(checked > 50)
        // Every best response of a partial response or better lies at or below -30% (RECIST 1.1 target rule).
        for entry in Self.analysis.waterfall where ["PR", "CR"].contains(entry.bestOverallResponse) && ctParticipants.contains(entry.participant) {
            #expect(entry.bestPercentChange <= -30 + 1e-9, "\(entry.participant)")
        }
    }

    @Test func spider_lines_are_every_measured_target_sum_over_time() throws {
        let courses = Self.targetCourses().filter { !$0.value.isEmpty }
        #expect(Self.analysis.spider.count == courses.count)
        for line in Self.analysis.spider {
            let expected = try #require(courses[line.participant])
            #expect(line.points.map(\.day) == expected.map(\.day), "\(line.participant)")
            for (point, reference) in zip(line.points, expected) {
                #expect(abs(point.percentChange - reference.percent) < 1e-9, "\(line.participant) day \(point.day)")
            }
        }
    }

    @Test func swimmer_lanes_end_at_the_last_contact_and_carry_the_datasets_events() throws {
        let adsl = Dictionary(uniqueKeysWithValues: Self.rows("ADSL").map { (Self.text($0["SUBJID"])!, $0) })
        let newLines = Dictionary(grouping: Self.rows("CM").filter { Self.text($0["CMNEWFL"]) == "Y" }) { Self.text($0["USUBJID"])! }
        let responses = Dictionary(grouping: Self.rows("RS")) { Self.text($0["USUBJID"])! }
        let implantedLesions = Dictionary(grouping: Self.rows("PR")) { Self.text($0["USUBJID"])! }
        #expect(Self.analysis.swimmer.count == 120)
        for lane in Self.analysis.swimmer {
            let subject = try #require(adsl[lane.participant])
            let usubjid = "\(Self.analysis.protocolId)-\(lane.participant)"
            let randomized = try #require(Self.date(subject["RANDDT"]))
            func day(_ date: CalendarDate?) -> Int? { date.map { randomized.days(until: $0) } }
            let death = Self.date(subject["DTHDT"])
            #expect(lane.died == (death != nil), "\(lane.participant)")
            #expect(lane.endDay == day(death ?? Self.date(subject["LSTALVDT"])), "\(lane.participant)")
            func days(_ kind: ParticipantTimeline.EventKind) -> [Int] { lane.markers.filter { $0.kind == kind.rawValue }.map(\.day) }
            #expect(days(.death) == (death.map { [day($0)!] } ?? []), "\(lane.participant)")
            let lineDays = (newLines[usubjid] ?? []).compactMap { day(Self.date($0["CMSTDTC"])) }.sorted()
            #expect(days(.newTherapyLine) == lineDays, "\(lane.participant)")
            let rs = (responses[usubjid] ?? []).sorted { Self.date($0["RSDTC"])! < Self.date($1["RSDTC"])! }
            let firstProgression = rs.first { ["PD", "PMD"].contains(Self.text($0["RSORRES"])) }
            #expect(days(.progression) == (firstProgression.map { [day(Self.date($0["RSDTC"]))!] } ?? []), "\(lane.participant)")
            let before = rs.prefix { !["PD", "PMD"].contains(Self.text($0["RSORRES"])) }
            let onset = before.first { ["PR", "CR", "PMR", "CMR"].contains(Self.text($0["RSORRES"])) }
            #expect(days(.responseOnset).first == onset.flatMap { day(Self.date($0["RSDTC"])) }, "\(lane.participant)")
            let firstImplantations = Set((implantedLesions[usubjid] ?? []).compactMap { day(Self.date($0["PRSTDTC"])) })
            #expect(firstImplantations.isSubset(of: Set(days(.implantation))), "\(lane.participant)")
            #expect(lane.markers.allSatisfy { $0.day >= 0 && $0.day <= lane.endDay }, "\(lane.participant)")
        }
        // Grouped by arm in report order, each group from the longest time on study down.
        let arms = Self.analysis.arms.map(\.code)
        #expect(Self.analysis.swimmer.map(\.arm) == arms.flatMap { arm in Self.analysis.swimmer.filter { $0.arm == arm }.map(\.arm) })
        for arm in arms {
            let ends = Self.analysis.swimmer.filter { $0.arm == arm }.map(\.endDay)
            #expect(ends == ends.sorted(by: >))
        }
    }

    @Test func adprog_holds_every_participant_whose_pfs_event_is_progression_with_its_source_assessment() throws {
        let progressed = Self.rows("ADTTE").filter { Self.text($0["PARAMCD"]) == "PFS" && Self.text($0["EVNTDESC"]) == "DISEASE PROGRESSION" }
        let progressionDates = Dictionary(uniqueKeysWithValues: progressed.map { (Self.text($0["SUBJID"])!, Self.date($0["ADT"])!) })
        let adprog = Self.rows("ADPROG")
        #expect(Set(adprog.compactMap { Self.text($0["SUBJID"]) }) == Set(progressionDates.keys))
        #expect(progressionDates.count > 20)
        let responses = Dictionary(grouping: Self.rows("RS")) { Self.text($0["USUBJID"])! }
        for row in adprog {
            let subject = try #require(Self.text(row["SUBJID"]))
            #expect(Self.date(row["ADT"]) == progressionDates[subject], "\(subject)")
            let sequence = try #require(Self.number(row["SRCSEQ"]))
            let source = try #require(responses[Self.text(row["USUBJID"])!]?.first { Self.number($0["RSSEQ"]) == sequence }, "\(subject)")
            #expect(Self.date(source["RSDTC"]) == Self.date(row["ADT"]))
            #expect(["PD", "PMD"].contains(Self.text(source["RSORRES"]) ?? ""))
        }
    }

    @Test func each_first_progression_is_classified_as_the_synthetic_trial_recorded_it() throws {
        // The synthetic trial's progression scan always shows an unequivocal new lesion in the liver (and for PET/CT a new
        // FDG-avid lesion); the treated lesions progressed in field exactly where the reader recorded it.
        let adsl = Dictionary(uniqueKeysWithValues: Self.rows("ADSL").map { (Self.text($0["SUBJID"])!, $0) })
        let patterns = Dictionary(grouping: Self.rows("ADPROG")) { Self.text($0["SUBJID"])! }
            .mapValues { Set($0.compactMap { Self.text($0["PARAMCD"]) }) }
        let casebooks = Dictionary(uniqueKeysWithValues: Self.trial.participants.map { ($0.participant.studyId, $0.participant.casebook) })
        for (subject, codes) in patterns {
            let pet = Self.text(adsl[subject]?["RSPCRIT"]) == "PERCIST 1.0"
            #expect(codes.contains(pet ? "NEWFDG" : "NEWLES"), "\(subject): \(codes)")
            let casebook = try #require(casebooks[subject])
            let date = try #require(Self.rows("ADPROG").first { Self.text($0["SUBJID"]) == subject }.flatMap { Self.date($0["ADT"]) })
            guard !casebook.implantations.isEmpty else {
                #expect(codes.isDisjoint(with: ["INFIELD", "OUTFIELD", "INOUTFLD"]), "\(subject)")
                continue
            }
            let inField = casebook.assessments.contains { entry in
                entry.form.date <= date && entry.form.treatedLesions.contains { $0.status == .progression }
            }
            #expect(codes.contains(inField ? "INOUTFLD" : "OUTFIELD"), "\(subject): \(codes)")
        }
    }

    @Test func pattern_counts_by_arm_are_the_adprog_rows() throws {
        let adprog = Self.rows("ADPROG")
        for arm in Self.analysis.progressionPatterns.arms {
            let rows = adprog.filter { Self.text($0["TRT01P"]) == arm.arm }
            #expect(arm.progressed == Set(rows.compactMap { Self.text($0["SUBJID"]) }).count)
            for count in arm.patterns + arm.field {
                let members = rows.filter { Self.text($0["PARAMCD"]) == count.pattern }
                #expect(count.count == members.count, "\(arm.arm) \(count.pattern)")
                let days = members.compactMap { Self.number($0["AVAL"]) }.sorted()
                #expect(count.minimumDay.map(Double.init) == days.first && count.maximumDay.map(Double.init) == days.last)
                if !days.isEmpty {
                    let middle = days.count / 2
                    let median = days.count % 2 == 1 ? days[middle] : (days[middle - 1] + days[middle]) / 2
                    #expect(count.medianDay == median, "\(arm.arm) \(count.pattern)")
                }
            }
            let organRows = rows.filter { ["NEWLES", "NEWFDG"].contains(Self.text($0["PARAMCD"]) ?? "") }
            for organ in arm.newLesionOrgans {
                let participants = Set(organRows.filter { (Self.text($0["NEWLOC"]) ?? "").components(separatedBy: "; ").contains(organ.organ) }
                    .compactMap { Self.text($0["SUBJID"]) })
                #expect(organ.count == participants.count, "\(arm.arm) \(organ.organ)")
            }
        }
        // Only the implantation arm has participants with treated lesions in this trial.
        let control = try #require(Self.analysis.progressionPatterns.arms.last)
        #expect(control.progressedWithTreatedLesions == 0)
        let experimental = try #require(Self.analysis.progressionPatterns.arms.first)
        #expect(experimental.field.map(\.count).reduce(0, +) == experimental.progressedWithTreatedLesions)
    }

    @Test func analysis_json_names_the_figures_numbers_under_the_documented_keys() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Self.output.analysisJSON()) as? [String: Any])
        for key in ["waterfall", "spider", "swimmer", "progressionPatterns"] { #expect(json[key] != nil, "\(key)") }
        let first = try #require((json["waterfall"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["participant", "arm", "bestPercentChange", "bestOverallResponse"])
    }
}
