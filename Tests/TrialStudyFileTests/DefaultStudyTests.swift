import Testing
import TrialCore
import TrialStudyFile

@Suite("The default study")
struct DefaultStudyTests {
    /// Parsed once for the suite; each test reads the same value.
    static let parsed = Result { try StudyDefinitionFile.loadDefault() }

    let study: StudyDefinition

    init() throws {
        study = try Self.parsed.get()
    }

    @Test func default_study_parses_and_validates_without_problems() {
        #expect(study.validate().isEmpty)
        #expect(study.protocolId == "I125-MULTIMET-P2")
        #expect(study.targetEnrollment == 120)
    }

    @Test func default_study_has_the_960th_hospital_as_its_one_site() throws {
        #expect(study.sites.count == 1)
        let site = try #require(study.sites.first)
        #expect(site.code == "960")
        #expect(site.name.en == "The 960th Hospital of the PLA")
        #expect(site.name.zhHans == "中国人民解放军第九六〇医院")
        #expect(site.city == LocalizedText(en: "Jinan", zhHans: "济南"))
    }

    @Test func default_study_randomizes_1_to_1_between_seeds_plus_systemic_and_systemic_alone() {
        #expect(study.arms.map(\.code) == ["I125", "SYS"])
        #expect(study.arms[0].label.zhHans == "125I粒子植入联合系统治疗")
        #expect(study.arms[1].label.zhHans == "单纯系统治疗")
        #expect(study.allocationRatio.weights == ["I125": 1, "SYS": 1])
        #expect(study.allocationRatio.total == 2)
    }

    @Test func default_study_uses_permuted_blocks_of_4_or_6_marked_as_study_team_setting() throws {
        guard case .permutedBlocks(let settings) = study.randomization else {
            Issue.record("expected permuted blocks, got \(study.randomization.name)")
            return
        }
        #expect(settings.blockSizes == [4, 6])
        #expect(settings.studyTeamSetting?.reason.contains("open label") == true)
    }

    @Test func default_study_stratifies_by_lesion_count_6_7_versus_8_10() throws {
        let factor = try #require(study.stratification.first)
        #expect(study.stratification.count == 1)
        #expect(factor.code == "lesionCount")
        #expect(factor.sourceField == "metastaticLesionCount")
        #expect(factor.levels.map(\.code) == ["6-7", "8-10"])
        #expect(factor.levels.map { $0.range?.description } == ["between 6 and 7", "between 8 and 10"])
        #expect(study.allStrata.map(\.key) == ["lesionCount=6-7", "lesionCount=8-10"])
    }

    @Test func default_study_eligibility_reads_age_lesions_ecog_platelets_and_inr_from_screening() {
        let valueCriteria = study.eligibility.compactMap { criterion -> String? in
            guard case .value(let rule) = criterion.answer else { return nil }
            return "\(criterion.id) \(criterion.sourceField ?? "-") \(rule)"
        }
        #expect(valueCriteria == [
            "I01 age >= 18",
            "I03 metastaticLesionCount > 5 and <= 10",
            "I04 ecog <= 2",
            "I10 plateletCount >= 50",
            "I11 inr <= 1.5",
        ])
        #expect(study.eligibility.filter { $0.kind == .exclusion }.allSatisfy {
            $0.answer == .yesNo(qualifying: .no)
        })
        #expect(study.eligibility.allSatisfy { !$0.text.en.isEmpty && !$0.text.zhHans.isEmpty })
    }

    @Test func default_study_endpoint_defaults_are_the_registration_time_frames_and_8_weekly_imaging() {
        let defaults = study.endpointDefaults
        #expect(defaults.pfsHorizonDays == 365)
        #expect(defaults.osHorizonDays == 730)
        #expect(defaults.ttntHorizonDays == 365)
        #expect(defaults.localControlHorizonDays == 365)
        #expect(defaults.imagingIntervalDays == 56)
        #expect(defaults.imagingWindowDays == 7)
        #expect(defaults.missedAssessmentsGapDays == 119)
        #expect(study.endpoints.filter { $0.role == .primary }.map(\.code) == [.PFS])
    }

    @Test func default_study_expanded_schedule_has_every_visit_in_day_order() {
        let schedule = study.scheduledVisits.map { "\($0.code)@\($0.targetDay)[\($0.earliestDay),\($0.latestDay)]" }
        #expect(schedule == [
            "BL@0[-28,0]",
            "IMPL@7[0,14]",
            "IMG-1@56[49,63]",
            "FU-1@91[77,105]",
            "IMG-2@112[105,119]",
            "IMG-3@168[161,175]",
            "FU-2@182[168,196]",
            "QOL6@182[168,196]",
            "IMG-4@224[217,231]",
            "IMG-5@280[273,287]",
            "FU-3@273[259,287]",
            "IMG-6@336[329,343]",
            "FU-4@364[350,378]",
            "FU-5@455[441,469]",
            "FU-6@546[532,560]",
            "FU-7@637[623,651]",
            "FU-8@728[714,742]",
        ].sorted { lhs, rhs in
            // Same ordering rule as the schedule: target day, then code.
            let l = lhs.split(separator: "@"), r = rhs.split(separator: "@")
            let ld = Int(l[1].prefix { $0 != "[" })!, rd = Int(r[1].prefix { $0 != "[" })!
            return (ld, String(l[0])) < (rd, String(r[0]))
        })
    }

    @Test func default_study_implantation_visit_is_for_the_seed_arm_only() throws {
        let implantation = try #require(study.scheduledVisits.first { $0.code == "IMPL" })
        #expect(implantation.applies(toArm: "I125"))
        #expect(!implantation.applies(toArm: "SYS"))
        #expect(implantation.forms == [.implantation, .adverseEvents])
    }

    @Test func default_study_collects_qlq_c30_at_baseline_and_month_6() {
        #expect(study.qualityOfLifeVisits.map(\.code) == ["BL", "QOL6"])
        #expect(study.qualityOfLifeVisits.map(\.targetDay) == [0, 182])
        #expect(study.qualityOfLife.responderThresholdPoints == 10)
    }

    @Test func default_study_marks_every_choice_the_registration_leaves_open() {
        let marked = Set(study.studyTeamChoices.map(\.field))
        #expect(marked.isSuperset(of: [
            "randomization", "stratification[0]", "eligibility[3]", "eligibility[9]", "eligibility[10]",
            "visits[2]", "visits[3]", "visits[4]", "qualityOfLife",
        ]))
        #expect(study.studyTeamChoices.map(\.subject) == [
            "randomization", "lesionCount", "I04", "I10", "I11", "IMPL", "IMG", "QOL6", "FU", "qualityOfLife",
        ])
        #expect(study.studyTeamChoices.allSatisfy { !$0.reason.isEmpty })
    }

    @Test func default_yaml_text_is_the_bundled_resource() {
        #expect(StudyDefinitionFile.defaultYAML.contains("protocolId: I125-MULTIMET-P2"))
    }
}
