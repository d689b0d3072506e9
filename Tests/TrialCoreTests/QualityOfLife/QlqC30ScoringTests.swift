import Foundation
import PropertyBased
import Testing
@testable import TrialCore

/// A fully answered questionnaire used by the worked examples below.
private let completeAnswers: [Int: Int] = [
    1: 1, 2: 1, 3: 2, 4: 1, 5: 2,  // PF2
    6: 2, 7: 2,  // RF2
    8: 1,  // DY
    9: 2, 19: 3,  // PA
    10: 2, 12: 2, 18: 3,  // FA
    11: 3,  // SL
    13: 2,  // AP
    14: 1, 15: 1,  // NV
    16: 4,  // CO
    17: 1,  // DI
    20: 1, 25: 2,  // CF
    21: 2, 22: 2, 23: 1, 24: 3,  // EF
    26: 1, 27: 1,  // SF
    28: 2,  // FI
    29: 5, 30: 6,  // QL2
]

/// The field errors a validation throws; empty when it succeeds.
private func fieldErrors(_ body: () throws -> Any) -> [FieldError] {
    do {
        _ = try body()
        return []
    } catch let failure as ValidationFailure {
        return failure.errors
    } catch {
        return [FieldError(field: "(unexpected)", message: "\(error)")]
    }
}

private func expectScore(_ actual: Double?, _ expected: Double, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let actual else {
        Issue.record("score is missing, expected \(expected)", sourceLocation: sourceLocation)
        return
    }
    #expect(abs(actual - expected) < 1e-9, "\(actual) != \(expected)", sourceLocation: sourceLocation)
}

@Test func every_scale_of_a_fully_answered_questionnaire_follows_the_manual_formulas() throws {
    let scores = QlqC30Scoring.scores(try QlqC30Answers(answers: completeAnswers))
    // Functional: S = (1 - (RS - 1)/3) x 100.
    // PF2: RS = (1+1+2+1+2)/5 = 1.4 -> (1 - 0.4/3) x 100 = 86.667 (260/3)
    expectScore(scores[.physicalFunctioning], 260.0 / 3)
    // RF2: RS = 2 -> (1 - 1/3) x 100 = 66.667
    expectScore(scores[.roleFunctioning], 200.0 / 3)
    // EF: RS = (2+2+1+3)/4 = 2 -> 66.667
    expectScore(scores[.emotionalFunctioning], 200.0 / 3)
    // CF: RS = (1+2)/2 = 1.5 -> (1 - 0.5/3) x 100 = 83.333
    expectScore(scores[.cognitiveFunctioning], 250.0 / 3)
    // SF: RS = 1 -> 100
    expectScore(scores[.socialFunctioning], 100)
    // Symptom: S = ((RS - 1)/3) x 100.
    // FA: RS = (2+2+3)/3 = 7/3 -> (4/3)/3 x 100 = 44.444 (400/9)
    expectScore(scores[.fatigue], 400.0 / 9)
    // NV: RS = 1 -> 0
    expectScore(scores[.nauseaAndVomiting], 0)
    // PA: RS = (2+3)/2 = 2.5 -> 1.5/3 x 100 = 50
    expectScore(scores[.pain], 50)
    // DY 1 -> 0; SL 3 -> 66.667; AP 2 -> 33.333; CO 4 -> 100; DI 1 -> 0; FI 2 -> 33.333
    expectScore(scores[.dyspnoea], 0)
    expectScore(scores[.insomnia], 200.0 / 3)
    expectScore(scores[.appetiteLoss], 100.0 / 3)
    expectScore(scores[.constipation], 100)
    expectScore(scores[.diarrhoea], 0)
    expectScore(scores[.financialDifficulties], 100.0 / 3)
    // Global health: S = ((RS - 1)/6) x 100; RS = (5+6)/2 = 5.5 -> 4.5/6 x 100 = 75
    expectScore(scores[.globalHealthStatus], 75)
    // Summary: functional 260/3 + 200/3 + 200/3 + 250/3 + 100 = 1210/3;
    // symptoms reversed (100 - S): FA 500/9, NV 100, PA 50, DY 100, SL 100/3, AP 200/3, CO 0, DI 100 = 4550/9;
    // (1210/3 + 4550/9) / 13 = (8180/9) / 13 = 8180/117 = 69.915
    expectScore(scores.summaryScore, 8180.0 / 117)
}

@Test func physical_functioning_needs_three_of_its_five_items() throws {
    // 2 of 5 answered: fewer than half, so PF2 is missing.
    let twoOfFive = try QlqC30Answers(answers: [1: 1, 2: 2])
    #expect(QlqC30Scoring.score(.physicalFunctioning, answers: twoOfFive) == nil)
    // 3 of 5 answered (1, 2, 4): RS = 7/3 -> (1 - (4/3)/3) x 100 = (1 - 4/9) x 100 = 55.556 (500/9).
    let threeOfFive = try QlqC30Answers(answers: [1: 1, 2: 2, 3: 4])
    expectScore(QlqC30Scoring.score(.physicalFunctioning, answers: threeOfFive), 500.0 / 9)
}

@Test func emotional_functioning_needs_two_of_its_four_items() throws {
    // 2 of 4 answered (2, 4): exactly half; RS = 3 -> (1 - 2/3) x 100 = 33.333.
    let twoOfFour = try QlqC30Answers(answers: [21: 2, 22: 4])
    expectScore(QlqC30Scoring.score(.emotionalFunctioning, answers: twoOfFour), 100.0 / 3)
    // 1 of 4 answered: missing.
    let oneOfFour = try QlqC30Answers(answers: [21: 2])
    #expect(QlqC30Scoring.score(.emotionalFunctioning, answers: oneOfFour) == nil)
}

@Test func a_two_item_scale_is_scored_from_one_item_and_a_single_item_scale_is_missing_without_it() throws {
    // QL2 from item 29 alone (7): RS = 7 -> 6/6 x 100 = 100.
    let answers = try QlqC30Answers(answers: [29: 7])
    expectScore(QlqC30Scoring.score(.globalHealthStatus, answers: answers), 100)
    #expect(QlqC30Scoring.score(.dyspnoea, answers: answers) == nil)
    #expect(QlqC30Scoring.score(.roleFunctioning, answers: answers) == nil)
}

@Test func summary_score_needs_all_thirteen_scales_but_not_global_health_or_finances() throws {
    var withoutGlobalAndFinances = completeAnswers
    withoutGlobalAndFinances[28] = nil
    withoutGlobalAndFinances[29] = nil
    withoutGlobalAndFinances[30] = nil
    let present = QlqC30Scoring.scores(try QlqC30Answers(answers: withoutGlobalAndFinances))
    #expect(present[.globalHealthStatus] == nil)
    #expect(present[.financialDifficulties] == nil)
    expectScore(present.summaryScore, 8180.0 / 117)

    var withoutDyspnoea = completeAnswers
    withoutDyspnoea[8] = nil
    let absent = QlqC30Scoring.scores(try QlqC30Answers(answers: withoutDyspnoea))
    #expect(absent[.dyspnoea] == nil)
    #expect(absent.summaryScore == nil)
}

@Test func best_and_worst_answers_reach_the_ends_of_the_scale() throws {
    // Best: functional items all 1, symptom items all 1, global health 7.
    var best: [Int: Int] = [:]
    for item in 1...28 { best[item] = 1 }
    best[29] = 7
    best[30] = 7
    let top = QlqC30Scoring.scores(try QlqC30Answers(answers: best))
    for scale in QlqC30Scale.allCases {
        expectScore(top[scale], scale.kind == .symptom ? 0 : 100)
    }
    expectScore(top.summaryScore, 100)

    var worst: [Int: Int] = [:]
    for item in 1...28 { worst[item] = 4 }
    worst[29] = 1
    worst[30] = 1
    let bottom = QlqC30Scoring.scores(try QlqC30Answers(answers: worst))
    for scale in QlqC30Scale.allCases {
        expectScore(bottom[scale], scale.kind == .symptom ? 100 : 0)
    }
    expectScore(bottom.summaryScore, 0)
}

@Test func scales_cover_each_of_the_30_items_exactly_once() {
    let items = QlqC30Scale.allCases.flatMap(\.items)
    #expect(items.sorted() == Array(1...30))
    #expect(QlqC30Scale.summaryScoreScales.count == 13)
}

@Test(arguments: [
    (5, 0, "answer 0 is out of range; item 5 is answered 1 to 4"),
    (5, 5, "answer 5 is out of range; item 5 is answered 1 to 4"),
    (28, 7, "answer 7 is out of range; item 28 is answered 1 to 4"),
    (29, 0, "answer 0 is out of range; item 29 is answered 1 to 7"),
    (30, 8, "answer 8 is out of range; item 30 is answered 1 to 7"),
])
func out_of_range_answers_are_rejected_naming_item_and_range(item: Int, answer: Int, message: String) {
    #expect(fieldErrors { try QlqC30Answers(answers: [item: answer]) } == [FieldError(field: "q\(item)", message: message)])
}

@Test func boundary_answers_are_accepted() {
    #expect(fieldErrors { try QlqC30Answers(answers: [1: 1, 28: 4, 29: 1, 30: 7]) }.isEmpty)
}

@Test func items_outside_the_questionnaire_are_rejected() {
    #expect(fieldErrors { try QlqC30Answers(answers: [31: 1]) }
        == [FieldError(field: "q31", message: "is not a QLQ-C30 item; items are q1 to q30")])
    #expect(fieldErrors { try QlqC30Answers(answers: [0: 1]) }
        == [FieldError(field: "q0", message: "is not a QLQ-C30 item; items are q1 to q30")])
}

@Test func item_keyed_input_reads_nulls_as_unanswered_and_reports_every_problem() throws {
    let answers = try QlqC30Answers(itemKeyed: ["q1": 2, "q2": nil, "q29": 7])
    #expect(answers.answers == [1: 2, 29: 7])

    let errors = fieldErrors {
        try QlqC30Answers(itemKeyed: ["q10": 9, "q2": 2.5, "item3": 1, "q01": 1, "q29": 0], fieldPrefix: "[1].")
    }
    #expect(errors == [
            FieldError(field: "[1].q2", message: "must be a whole number (the answer's box number)"),
            FieldError(field: "[1].q10", message: "answer 9 is out of range; item 10 is answered 1 to 4"),
            FieldError(field: "[1].q29", message: "answer 0 is out of range; item 29 is answered 1 to 7"),
            FieldError(field: "[1].item3", message: "is not a QLQ-C30 item; keys are q1 to q30"),
            FieldError(field: "[1].q01", message: "is not a QLQ-C30 item; keys are q1 to q30"),
    ])
}

@Test func huge_whole_numbers_are_out_of_range_rather_than_fractional() {
    #expect(fieldErrors { try QlqC30Answers(itemKeyed: ["q29": 1e300]) }
        == [FieldError(field: "q29", message: "answer is out of range; item 29 is answered 1 to 7")])
}

@Test func scores_encode_every_abbreviation_with_null_where_missing() throws {
    let scores = QlqC30Scoring.scores(try QlqC30Answers(answers: [29: 4, 30: 4]))
    let data = try JSONEncoder().encode(scores)
    let object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(Set(object.keys) == Set(QlqC30Scale.allCases.map(\.abbreviation) + ["SUMSC"]))
    #expect(object["QL2"] as? Double == 50)
    #expect(object["PF2"] is NSNull)
    #expect(object["SUMSC"] is NSNull)
    #expect(try JSONDecoder().decode(QlqC30Scores.self, from: data) == scores)
}

@Test func every_score_lies_between_0_and_100_whatever_the_answers() async {
    // Each generated value 0...7: 0 (and, for four-point items, 5-7) leaves the item unanswered.
    await propertyCheck(input: Gen.int(in: 0...7).array(of: 30)) { values in
        var answers: [Int: Int] = [:]
        for (index, value) in values.enumerated() {
            let item = index + 1
            if let allowed = QlqC30Answers.allowedAnswers(item: item), allowed.contains(value) {
                answers[item] = value
            }
        }
        let scores = QlqC30Scoring.scores(try! QlqC30Answers(answers: answers))
        for scale in QlqC30Scale.allCases {
            if let score = scores[scale] {
                #expect((0...100).contains(score), "\(scale.abbreviation) = \(score)")
            }
        }
        if let summary = scores.summaryScore {
            #expect((0...100).contains(summary))
        }
    }
}

@Test func a_scale_is_scored_exactly_when_at_least_half_its_items_are_answered() async {
    // Each generated flag says whether the item is answered (with answer 2, valid for every item).
    await propertyCheck(input: Gen.bool().array(of: 30)) { answered in
        var answers: [Int: Int] = [:]
        for (index, isAnswered) in answered.enumerated() where isAnswered {
            answers[index + 1] = 2
        }
        let parsed = try! QlqC30Answers(answers: answers)
        for scale in QlqC30Scale.allCases {
            let count = scale.items.filter { answers[$0] != nil }.count
            let scored = QlqC30Scoring.score(scale, answers: parsed) != nil
            #expect(scored == (2 * count >= scale.items.count && count > 0), "\(scale.abbreviation) with \(count) answered")
        }
    }
}

@Test func item_keyed_and_numbered_answers_score_the_same() async {
    await propertyCheck(input: Gen.int(in: 0...4).array(of: 30)) { values in
        var numbered: [Int: Int] = [:]
        var keyed: [String: Double?] = [:]
        for (index, value) in values.enumerated() {
            keyed["q\(index + 1)"] = value == 0 ? .some(nil) : Double(value)
            if value != 0 { numbered[index + 1] = value }
        }
        let fromNumbers = QlqC30Scoring.scores(try! QlqC30Answers(answers: numbered))
        let fromKeys = QlqC30Scoring.scores(try! QlqC30Answers(itemKeyed: keyed))
        #expect(fromNumbers == fromKeys)
    }
}
