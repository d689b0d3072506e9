import PropertyBased
import Testing
import TrialCore
import TrialTestFixtures

@Suite("Stratum derivation")
struct StratumDerivationTests {
    let study = StudyFixture.study

    @Test(arguments: [(6, "6-7"), (7, "6-7"), (8, "8-10"), (10, "8-10")])
    func lesion_count_falls_in_its_level_at_the_boundaries(count: Int, level: String) throws {
        let stratum = try study.stratum(for: ["metastaticLesionCount": .number(Double(count))])
        #expect(stratum.level(ofFactor: "lesionCount") == level)
        #expect(stratum.key == "lesionCount=\(level)")
    }

    @Test(arguments: [5, 11])
    func lesion_count_outside_every_level_is_rejected(count: Int) {
        #expect {
            try study.stratum(for: ["metastaticLesionCount": .number(Double(count))])
        } throws: { error in
            guard let failure = error as? StratificationFailure, let problem = failure.problems.first else { return false }
            return failure.problems.count == 1 && problem.kind == .noMatchingLevel
                && problem.field == "metastaticLesionCount" && problem.factor == "lesionCount"
                && problem.message == "\(count) falls in no level of lesionCount; levels are 6-7 (between 6 and 7); 8-10 (between 8 and 10)"
        }
    }

    @Test func missing_stratification_value_names_the_field() {
        #expect {
            try study.stratum(for: ["age": .number(60)])
        } throws: { error in
            guard let failure = error as? StratificationFailure else { return false }
            return failure.problems.map(\.kind) == [.missingValue]
                && failure.fieldErrors.map(\.field) == ["metastaticLesionCount"]
        }
    }

    @Test func non_whole_lesion_count_is_an_invalid_value() {
        #expect {
            try study.stratum(for: ["metastaticLesionCount": .number(7.5)])
        } throws: { error in
            (error as? StratificationFailure)?.problems.map(\.kind) == [.invalidValue]
        }
    }

    @Test func every_eligible_lesion_count_has_exactly_one_stratum() async {
        await propertyCheck(input: Gen.int(in: 6...10)) { count in
            let factor = study.stratification[0]
            let matching = factor.levels.filter { $0.matches(.number(Double(count))) }
            #expect(matching.count == 1)
            #expect((try? study.stratum(for: ["metastaticLesionCount": .number(Double(count))]))?.levels.count == 1)
        }
    }

    @Test func strata_are_the_product_of_factor_levels() {
        var study = self.study
        study.stratification.append(StratificationFactor(
            code: "sex", label: StudyFixture.text("Sex"), sourceField: "sex",
            levels: [StratificationLevel(code: "F", values: ["female"]), StratificationLevel(code: "M", values: ["male"])]))
        #expect(study.allStrata.map(\.key) == [
            "lesionCount=6-7;sex=F", "lesionCount=6-7;sex=M", "lesionCount=8-10;sex=F", "lesionCount=8-10;sex=M",
        ])
        #expect(throws: Never.self) {
            let stratum = try study.stratum(for: ["metastaticLesionCount": .number(9), "sex": .category("female")])
            #expect(stratum.key == "lesionCount=8-10;sex=F")
        }
    }

    @Test func unstratified_study_has_one_stratum_for_everyone() throws {
        var study = self.study
        study.stratification = []
        #expect(study.allStrata.map(\.key) == ["all"])
        #expect(try study.stratum(for: [:]).key == "all")
    }
}
