import Foundation
import Testing
@testable import TrialCore

@Suite struct AssessmentResponsesTests {
    typealias F = CaseReportFixture

    @Test func each_assessment_gets_the_recist_response_from_the_assessments_up_to_it() throws {
        let responses = try AssessmentResponses.recomputeAll(baseline: F.baseline, assessments: F.casebook.assessments)
        #expect(responses.map(\.assessmentId) == ["A1", "A2"])
        #expect(responses.map(\.criterion) == [.recist11, .recist11])
        #expect(responses.map { $0.recist?.overall } == [.stableDisease, .partialResponse])
        #expect(responses[1].recist?.sum == Millimetres(56))
        #expect(responses.allSatisfy { $0.percist == nil })
    }

    @Test func a_kept_series_is_given_only_for_the_same_baseline_assessments_and_settings() throws {
        var corrected = F.casebook.assessments
        corrected[0].form.targets = F.targets(["15", "10", "8", "12"])
        var stricter = RecistSettings()
        stricter.progressionIncreasePercent = 30
        var smallerBaseline = F.baseline
        smallerBaseline.lesions[0].sizeMm = 15
        let inputs = [(F.baseline, F.casebook.assessments, RecistSettings()), (F.baseline, corrected, RecistSettings()),
                      (F.baseline, corrected, stricter), (smallerBaseline, corrected, RecistSettings())]
        // The second pass is answered from what the first kept (unless other tests filled the store meanwhile).
        for _ in 0..<2 {
            for (baseline, assessments, settings) in inputs {
                let kept = try AssessmentResponses.recomputeAll(baseline: baseline, assessments: assessments, recistSettings: settings)
                let computed = try AssessmentResponses.computeAll(baseline: baseline, assessments: assessments, recistSettings: settings,
                                                                 percistSettings: PercistSettings())
                #expect(kept == computed)
            }
        }
        // Each input matters here: the inputs give four different series.
        let series = try inputs.map { try AssessmentResponses.computeAll(baseline: $0.0, assessments: $0.1, recistSettings: $0.2, percistSettings: PercistSettings()) }
        #expect(Set(series).count == 4)
        // Past its capacity the store forgets what it kept.
        let store = RecentSeries(capacity: 2)
        let keys = inputs.map { RecentSeries.Key(baseline: $0.0, assessments: $0.1, recistSettings: $0.2, percistSettings: PercistSettings()) }
        store.remember(series[0], for: keys[0])
        store.remember(series[1], for: keys[1])
        #expect(store.responses(for: keys[0]) == series[0] && store.responses(for: keys[1]) == series[1])
        #expect(store.responses(for: keys[2]) == nil)
        store.remember(series[2], for: keys[2])
        #expect(store.responses(for: keys[0]) == nil && store.responses(for: keys[2]) == series[2])
    }

    @Test func the_response_as_of_a_date_ignores_later_assessments() throws {
        let atDay100 = try AssessmentResponses.response(baseline: F.baseline, assessments: F.casebook.assessments, asOf: F.day(100))
        #expect(atDay100?.assessmentId == "A1")
        #expect(try AssessmentResponses.response(baseline: F.baseline, assessments: F.casebook.assessments, asOf: F.day(10)) == nil)
    }

    @Test func correcting_an_earlier_assessment_recomputes_the_later_response() throws {
        var assessments = F.casebook.assessments
        let before = try AssessmentResponses.recomputeAll(baseline: F.baseline, assessments: assessments)
        #expect(before[1].recist?.overall == .partialResponse)
        // Corrected first scan: sum 45 becomes the nadir; the second scan's 56 is +24.4% and +11 mm over it: PD.
        assessments[0].form.targets = F.targets(["15", "10", "8", "12"])
        let after = try AssessmentResponses.recomputeAll(baseline: F.baseline, assessments: assessments)
        #expect(after[0].recist?.overall == .partialResponse)
        #expect(after[1].recist?.nadir == Millimetres(45))
        #expect(after[1].recist?.overall == .progressiveDisease)
    }

    @Test func a_confirmed_equivocal_new_lesion_changes_the_earlier_time_point_in_the_later_computation() throws {
        var assessments = F.casebook.assessments
        assessments[0].form.newLesions = [NewLesionEntry(site: "brain", finding: .equivocal)]
        assessments[1].form.newLesions = [NewLesionEntry(site: "brain", finding: .unequivocal)]
        let responses = try AssessmentResponses.recomputeAll(baseline: F.baseline, assessments: assessments)
        #expect(responses[0].recist?.overall == .stableDisease)
        #expect(responses[1].recist?.overall == .progressiveDisease)
    }

    @Test func the_endpoints_date_a_confirmed_equivocal_new_lesion_back_to_the_scan_that_first_showed_it() throws {
        var assessments = F.casebook.assessments
        assessments[0].form.newLesions = [NewLesionEntry(site: "brain", finding: .equivocal)]
        assessments[1].form.newLesions = [NewLesionEntry(site: "brain", finding: .unequivocal)]
        let endpoint = try AssessmentResponses.endpointResponses(baseline: F.baseline, assessments: assessments)
        // RECIST 1.1 4.3.2: progression is declared using the date of the initial scan.
        #expect(endpoint.map { $0.recist?.overall } == [.progressiveDisease, .progressiveDisease])
        // Everything else is each scan's own computation; the first scan's own reading at the time stays SD.
        let own = try AssessmentResponses.recomputeAll(baseline: F.baseline, assessments: assessments)
        #expect(own[0].recist?.overall == .stableDisease)
        #expect(endpoint[0].recist?.sum == own[0].recist?.sum && endpoint[1] == own[1])

        // Not confirmed (the next scan shows none): nothing moves; unconfirmed yet (no later scan): nothing moves.
        assessments[1].form.newLesions = []
        #expect(try AssessmentResponses.endpointResponses(baseline: F.baseline, assessments: assessments)
                == (try AssessmentResponses.recomputeAll(baseline: F.baseline, assessments: assessments)))
        #expect(try AssessmentResponses.endpointResponses(baseline: F.baseline, assessments: Array(assessments.prefix(1)))
                    .map { $0.recist?.overall } == [.stableDisease])
    }

    @Test func one_evaluation_of_the_series_equals_one_per_assessment() throws {
        var equivocal = F.casebook.assessments
        equivocal[0].form.newLesions = [NewLesionEntry(site: "brain", finding: .equivocal)]
        equivocal[1].form.newLesions = [NewLesionEntry(site: "brain", finding: .unequivocal)]
        let cases: [(BaselineForm, [RecordedForm<TumourAssessmentForm>])] = [
            (F.baseline, F.casebook.assessments), (F.baseline, equivocal), (F.baseline, Array(equivocal.prefix(1))),
            (PercistFixture.casebook.baseline!.form, PercistFixture.casebook.assessments),
        ]
        for (baseline, assessments) in cases {
            let ordered = AssessmentResponses.sorted(assessments)
            let once = try AssessmentResponses.responsesOfWholeSeries(baseline: baseline, ordered: ordered,
                                                                       recistSettings: RecistSettings(), percistSettings: PercistSettings())
            #expect(once == (try AssessmentResponses.responsesOfEachPrefix(baseline: baseline, ordered: ordered,
                                                                           recistSettings: RecistSettings(), percistSettings: PercistSettings())))
            #expect(once == (try AssessmentResponses.recomputeAll(baseline: baseline, assessments: assessments)))
        }
    }

    @Test func a_pet_ct_participant_is_governed_by_percist() throws {
        let casebook = PercistFixture.casebook
        let responses = try AssessmentResponses.recomputeAll(baseline: casebook.baseline!.form, assessments: casebook.assessments)
        #expect(responses.map(\.criterion) == [.percist10, .percist10])
        #expect(responses.map { $0.percist?.response } == [.stableMetabolicDisease, .partialMetabolicResponse])
    }

    @Test func invalid_measurements_are_reported_at_the_assessment_path() {
        var assessments = F.casebook.assessments
        assessments[1].form.targets[0].mm = -1
        #expect(throws: ValidationFailure.self) {
            try AssessmentResponses.recomputeAll(baseline: F.baseline, assessments: assessments)
        }
        do {
            _ = try AssessmentResponses.recomputeAll(baseline: F.baseline, assessments: assessments)
        } catch let failure as ValidationFailure {
            #expect(failure.errors.map(\.field) == ["assessments[A2].targets[0].mm"])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func disagreement_is_none_when_readings_match_or_are_absent() throws {
        let responses = try AssessmentResponses.recomputeAll(baseline: F.baseline, assessments: F.casebook.assessments)
        #expect(responses[1].disagreements(with: F.secondAssessment) == [])
        var unread = F.secondAssessment
        unread.investigatorRecist = nil
        #expect(responses[1].disagreements(with: unread) == [])
        unread.investigatorRecist = .progressiveDisease
        #expect(responses[1].disagreements(with: unread).map(\.field) == ["investigatorRecist"])
    }
}
