import Foundation
import Testing

/// `trialdesk design`: the JSON contract of survival and boundaries, this trial's paragraph, and bad input
/// refused with exit 2 naming the field and the rule.
@Suite struct DesignCommandTests {
    private func errors(_ result: TrialDeskBinary.Result) -> [[String: String]] {
        ((result.json as? [String: Any])?["errors"] as? [[String: String]]) ?? []
    }

    @Test func survival_gives_events_and_sample_size_or_power_as_rpact() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let question = """
        {"alpha": 0.025, "sided": 1, "power": 0.8, "hazardRatio": 0.6, "allocationRatio": 1, "controlMedianMonths": 5,
         "accrualMonths": 12, "followUpMonths": 12, "dropoutRatePerYear": 0.05, "method": "schoenfeld"}
        """
        let result = try await TrialDeskBinary.run(["design", "survival", try TrialDeskBinary.write(question, named: "s.json", in: folder), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let body = try #require(result.json as? [String: Any])
        // rpact 3.3.4: eventsFixed 120.31570437749926, nFixed 147.49182252639386.
        #expect(abs((body["eventsRequiredExact"] as? Double ?? 0) - 120.31570437749926) < 1e-8)
        #expect(body["eventsRequired"] as? Int == 121)
        #expect(abs((body["sampleSizeExact"] as? Double ?? 0) - 147.49182252639386) < 1e-8)
        #expect(body["sampleSize"] as? Int == 148)
        #expect(body["analysisTimeMonths"] as? Double == 24)

        let powerQuestion = question.replacingOccurrences(of: "\"power\": 0.8", with: "\"sampleSize\": 120")
        let power = try await TrialDeskBinary.run(["design", "survival", try TrialDeskBinary.write(powerQuestion, named: "p.json", in: folder), "--json"])
        let powerBody = try #require(power.json as? [String: Any])
        // rpact 3.3.4 getPowerSurvival with 97.889389920015617 events: overallReject 0.71466551530424161.
        #expect(abs((powerBody["power"] as? Double ?? 0) - 0.71466551530424161) < 1e-9)

        let sequentialQuestion = question.replacingOccurrences(
            of: "\"method\"", with: "\"informationFractions\": [0.5, 1], \"type\": \"asOF\", \"method\"")
        let sequential = try await TrialDeskBinary.run(["design", "survival", try TrialDeskBinary.write(
            sequentialQuestion, named: "gs.json", in: folder), "--json"])
        let sequentialBody = try #require(sequential.json as? [String: Any])
        // rpact 3.3.4 getSampleSizeSurvival with an asOF design at 0.5 and 1: maxNumberOfEvents 120.76388398209676.
        #expect(abs((sequentialBody["eventsRequiredExact"] as? Double ?? 0) - 120.76388398209676) < 1e-6)
        #expect((sequentialBody["analysisMonthsPerStage"] as? [Double])?.count == 2)

        let bad = try await TrialDeskBinary.run(["design", "survival", try TrialDeskBinary.write(
            question.replacingOccurrences(of: "0.6", with: "1"), named: "bad.json", in: folder), "--json"])
        #expect(bad.status == 2)
        #expect(errors(bad).first?["field"] == "hazardRatio")
        #expect(errors(bad).first?["message"] == "must be > 0 and != 1")
    }

    /// Piecewise-exponential survival with accrual in participants per month and no follow-up: the accrual
    /// fixes the sample size and the analysis falls when the events are expected; with futility bounds the
    /// stopping probabilities are reported.
    @Test func survival_takes_piecewise_survival_accrual_and_futility_bounds() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let question = #"{"alpha": 0.025, "sided": 1, "power": 0.8, "hazardRatio": 0.6, "piecewiseSurvivalTime": [0, 3, 9], "controlHazardsPerMonth": [0.1, 0.15, 0.08], "accrualTime": [0, 4, 12], "accrualIntensity": [6, 14], "dropoutRatePerYear": 0.05}"#
        let result = try await TrialDeskBinary.run(["design", "survival", try TrialDeskBinary.write(question, named: "pw.json", in: folder), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let body = try #require(result.json as? [String: Any])
        // rpact 3.3.4 getSampleSizeSurvival, absolute accrualIntensity: 136 participants, analysisTime 44.0914027353701.
        #expect(body["sampleSize"] as? Int == 136)
        #expect(body["eventsRequired"] as? Int == 121)
        #expect(abs((body["analysisTimeMonths"] as? Double ?? 0) - 44.0914027353701) < 1e-6)
        #expect(abs((body["followUpMonths"] as? Double ?? 0) - 32.0914027353701) < 1e-6)
        #expect((body["expectedEventsByMonth"] as? [[String: Double]])?.first?["events"] == 0)

        let futility = question.replacingOccurrences(
            of: #""dropoutRatePerYear""#, with: #""informationFractions": [0.5, 1], "futilityBounds": [0], "dropoutRatePerYear""#)
        let sequential = try await TrialDeskBinary.run(["design", "survival", try TrialDeskBinary.write(futility, named: "f.json", in: folder), "--json"])
        #expect(sequential.status == 0, "\(sequential.stderr)")
        let sequentialBody = try #require(sequential.json as? [String: Any])
        #expect((sequentialBody["futilityPerStageH1"] as? [Double])?.count == 1)
        #expect((sequentialBody["futilityBounds"] as? [Double]) == [0])

        let tooFew = question.replacingOccurrences(of: "[6, 14]", with: "[1, 2]")
        let refused = try await TrialDeskBinary.run(["design", "survival", try TrialDeskBinary.write(tooFew, named: "few.json", in: folder), "--json"])
        #expect(refused.status == 2)
        #expect(errors(refused).first?["field"] == "accrualIntensity")
    }

    @Test func boundaries_use_rpact_names_and_values() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try TrialDeskBinary.write(#"{"alpha": 0.025, "sided": 1, "informationFractions": [0.5, 1], "type": "asOF"}"#,
                                             named: "b.json", in: folder)
        let result = try await TrialDeskBinary.run(["design", "boundaries", file, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let body = try #require(result.json as? [String: Any])
        let critical = try #require(body["criticalValues"] as? [Double])
        // rpact 3.3.4 getDesignGroupSequential(kMax = 2, typeOfDesign = "asOF"): 2.9625880427 1.9685956463.
        #expect(abs(critical[0] - 2.96258804272755) < 1e-7)
        #expect(abs(critical[1] - 1.96859564632177) < 1e-7)
        #expect((body["cumulativeAlphaSpent"] as? [Double])?.count == 2)
        #expect((body["stageLevels"] as? [Double])?.count == 2)

        let bad = try await TrialDeskBinary.run(["design", "boundaries", try TrialDeskBinary.write(
            #"{"alpha": 0.025, "informationFractions": [0.5, 0.9], "type": "asOF"}"#, named: "bad.json", in: folder), "--json"])
        #expect(bad.status == 2)
        #expect(errors(bad).first?["field"] == "informationFractions")
        #expect(errors(bad).first?["message"] == "must end with 1")
    }

    @Test func trial_answers_this_trials_question_in_english_and_chinese() async throws {
        let result = try await TrialDeskBinary.run(["design", "trial", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let body = try #require(result.json as? [String: Any])
        let scenarios = try #require(body["scenarios"] as? [[String: Any]])
        #expect(scenarios.map { $0["hazardRatio"] as? Double } == [0.6, 0.7])
        let power = scenarios[0]["powerOneSided"] as? Double ?? 0
        #expect(power > 0.7 && power < 0.74)
        let english = body["paragraphEnglish"] as? String ?? ""
        let chinese = body["paragraphChinese"] as? String ?? ""
        #expect(english.contains("120 participants randomized 1:1"))
        #expect(english.contains("71.8%"))
        #expect(chinese.contains("检验效能"))
        #expect(chinese.contains("71.8%"))
        // 80% power at HR 0.6 needs 121 events, more than 120 participants are expected to produce.
        #expect(scenarios[0]["eventsFor80PercentPower"] as? Int == 121)
        #expect(scenarios[0]["monthEventsFor80PercentPowerReached"] == nil)
    }
}

@Suite struct DesignSimulateCommandTests {
    @Test func simulate_reports_power_with_its_error_beside_the_closed_form() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try TrialDeskBinary.write("""
            {"participants": 120, "controlMedianMonths": 5, "hazardRatio": 0.6, "accrualMonths": 13.14,
             "dropoutRatePerYear": 0.05, "eventsAtAnalysis": 99, "trials": 2000, "seed": 3}
            """, named: "sim.json", in: folder)
        let result = try await TrialDeskBinary.run(["design", "simulate", file, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let body = try #require(result.json as? [String: Any])
        let simulation = try #require(body["simulation"] as? [String: Any])
        let rate = try #require(simulation["rejectionRate"] as? [String: Any])
        let power = rate["value"] as? Double ?? 0
        #expect(power > 0.6 && power < 0.8)
        #expect((rate["monteCarloStandardError"] as? Double ?? 0) > 0)
        #expect(abs((body["closedFormRejectionRate"] as? Double ?? 0) - 0.7195) < 0.001)
    }

    @Test func bench_design_times_the_simulation() async throws {
        let result = try await TrialDeskBinary.run(["bench", "design", "--trials", "50", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let body = try #require(result.json as? [String: Any])
        #expect(body["trials"] as? Int == 50)
        #expect((body["trialsPerSecond"] as? Double ?? 0) > 0)
    }
}
