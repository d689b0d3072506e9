import Foundation
import Testing
@testable import TrialCore

private func dictionary() throws -> CtcaeDictionary {
    try CtcaeDictionary.bundled()
}

@Test func the_bundled_dictionary_is_ctcae_5_with_all_26_organ_classes() throws {
    let dictionary = try dictionary()
    #expect(dictionary.version == "5.0")
    #expect(dictionary.systemOrganClasses.count == 26)
    #expect(Set(dictionary.systemOrganClasses.map(\.name)).count == 26)
    #expect(dictionary.systemOrganClasses.allSatisfy { !($0.zh ?? "").isEmpty })
}

@Test func term_names_and_meddra_codes_are_unique() throws {
    let terms = try dictionary().terms
    #expect(Set(terms.map { $0.term.lowercased() }).count == terms.count)
    #expect(Set(terms.map(\.meddraCode)).count == terms.count)
    // MedDRA codes are eight digits starting with 100.
    #expect(terms.allSatisfy { (10_000_000...10_099_999).contains($0.meddraCode) })
}

@Test func every_term_belongs_to_a_listed_organ_class_and_has_a_chinese_label() throws {
    let dictionary = try dictionary()
    let socs = Set(dictionary.systemOrganClasses.map(\.name))
    for term in dictionary.terms {
        #expect(socs.contains(term.soc), "\(term.term): unknown SOC \(term.soc)")
        #expect(!(term.zh ?? "").isEmpty, "\(term.term) has no Chinese label")
    }
}

@Test func grades_are_distinct_ascending_within_1_to_5_and_each_is_described() throws {
    for term in try dictionary().terms {
        let grades = term.existingGrades
        #expect(!grades.isEmpty, "\(term.term) has no grades")
        #expect(grades == Array(Set(grades)).sorted(), "\(term.term): \(grades)")
        #expect(grades.allSatisfy { (1...5).contains($0) }, "\(term.term): \(grades)")
        for grade in grades {
            let text = term.description(ofGrade: grade) ?? ""
            #expect(text.count >= 5, "\(term.term) grade \(grade) has no description")
        }
    }
}

@Test func every_organ_class_has_exactly_one_other_specify_term() throws {
    let dictionary = try dictionary()
    for soc in dictionary.systemOrganClasses {
        let others = dictionary.terms(inSystemOrganClass: soc.name).filter(\.otherSpecify)
        #expect(others.count == 1, "\(soc.name)")
        if let other = others.first {
            #expect(other.term.hasSuffix("- Other, specify"), "\(other.term)")
            #expect(dictionary.otherSpecifyTerm(soc: soc.name) == other)
        }
    }
    // Only the "Other, specify" terms are flagged as needing free text.
    #expect(dictionary.terms.filter(\.otherSpecify).count == 26)
}

@Test func other_specify_terms_are_graded_1_to_5_except_eye_disorders_which_stops_at_4() throws {
    // NCI's CTCAE v5.0 list gives "Eye disorders - Other, specify" no grade 5; every other SOC's is 1-5.
    for term in try dictionary().terms where term.otherSpecify {
        let expected = term.soc == "Eye disorders" ? [1, 2, 3, 4] : [1, 2, 3, 4, 5]
        #expect(term.existingGrades == expected, "\(term.term)")
    }
}

@Test(arguments: [
    ("Alopecia", 10_001_760, [1, 2]),
    ("Pneumothorax", 10_035_759, [1, 2, 3, 4, 5]),
    ("Anemia", 10_002_272, [1, 2, 3, 4, 5]),
    ("Hypertension", 10_020_772, [1, 2, 3, 4, 5]),
    ("Fatigue", 10_016_256, [1, 2, 3]),
    ("Pruritus", 10_037_087, [1, 2, 3]),
    ("Neutrophil count decreased", 10_029_366, [1, 2, 3, 4]),
    ("Febrile neutropenia", 10_016_288, [3, 4, 5]),
    ("Hepatic failure", 10_019_663, [3, 4, 5]),
    ("Intra-abdominal hemorrhage", 10_055_291, [2, 3, 4, 5]),
    ("Lung infection", 10_061_229, [2, 3, 4, 5]),
    ("Nausea", 10_028_813, [1, 2, 3]),
    ("Pain", 10_033_371, [1, 2, 3]),
])
func known_terms_carry_their_ctcae_code_and_grades(name: String, code: Int, grades: [Int]) throws {
    let term = try #require(try dictionary().term(named: name))
    #expect(term.meddraCode == code)
    #expect(term.existingGrades == grades)
    #expect(try dictionary().term(meddraCode: code) == term)
}

@Test func every_term_the_trial_will_certainly_need_is_present() throws {
    let dictionary = try dictionary()
    let procedureTerms = [
        "Pneumothorax", "Bronchopulmonary hemorrhage", "Pleural effusion", "Intra-abdominal hemorrhage",
        "Hepatic hemorrhage", "Hematoma", "Pain", "Chest wall pain", "Abdominal pain", "Back pain", "Bone pain",
        "Fever", "Lung infection", "Skin infection", "Hepatic infection", "Wound infection", "Pneumonitis",
        "Radiation recall reaction (dermatologic)", "Dermatitis radiation", "Injury to carotid artery",
        "Injury to inferior vena cava", "Injury to jugular vein", "Injury to superior vena cava",
        "Thromboembolic event", "Nausea", "Vomiting", "Injury, poisoning and procedural complications - Other, specify",
    ]
    let systemicTherapyTerms = [
        "Anemia", "Neutrophil count decreased", "Platelet count decreased", "White blood cell decreased",
        "Febrile neutropenia", "Fatigue", "Diarrhea", "Mucositis oral", "Anorexia", "Constipation",
        "Peripheral sensory neuropathy", "Alopecia", "Rash maculo-papular", "Palmar-plantar erythrodysesthesia syndrome",
        "Pruritus", "Alanine aminotransferase increased", "Aspartate aminotransferase increased",
        "Blood bilirubin increased", "Creatinine increased", "Hypertension", "Proteinuria", "Hypothyroidism",
        "Hyperthyroidism", "Colitis", "Infusion related reaction", "Adrenal insufficiency", "Hepatic failure",
        "Hypophysitis", "Myocarditis", "Hepatobiliary disorders - Other, specify",
    ]
    for name in procedureTerms + systemicTherapyTerms {
        #expect(dictionary.term(named: name) != nil, "missing \(name)")
    }
}

@Test func lookup_ignores_case_and_surrounding_spaces_but_not_spelling() throws {
    let dictionary = try dictionary()
    #expect(dictionary.term(named: "  pneumothorax ")?.term == "Pneumothorax")
    #expect(dictionary.term(named: "Pneumothoraxx") == nil)
    // Hemoptysis is not a CTCAE v5.0 term; it is graded as Bronchopulmonary hemorrhage (found by search).
    #expect(dictionary.term(named: "Hemoptysis") == nil)
}

@Test func a_dictionary_decodes_from_json_in_the_resource_shape() throws {
    let json = """
        {"version": "5.0", "systemOrganClasses": [{"name": "Skin and subcutaneous tissue disorders", "zh": "皮肤"}],
         "terms": [{"term": "Alopecia", "meddraCode": 10001760, "soc": "Skin and subcutaneous tissue disorders",
                    "grades": [{"grade": 2, "description": "b"}, {"grade": 1, "description": "a"}]}]}
        """
    let dictionary = try CtcaeDictionary.decode(from: Data(json.utf8))
    let alopecia = try #require(dictionary.term(named: "alopecia"))
    #expect(alopecia.existingGrades == [1, 2])
    #expect(alopecia.otherSpecify == false)
    #expect(alopecia.synonyms.isEmpty)
    #expect(alopecia.zh == nil)
}
