import Testing
@testable import TrialCore

private func search(_ text: String, limit: Int? = nil) throws -> [String] {
    CtcaeSearch.search(text, in: try CtcaeDictionary.bundled(), limit: limit).map(\.term.term)
}

@Test func an_exact_term_ranks_first_whatever_the_case_and_punctuation() throws {
    #expect(try search("PNEUMOTHORAX").first == "Pneumothorax")
    #expect(try search("rash: maculo papular").first == "Rash maculo-papular")
    #expect(try search("maculopapular").first == "Rash maculo-papular")
}

@Test func prefixes_rank_before_substrings() throws {
    // "Pain" itself first, then terms beginning with "pain", then terms that contain it.
    let results = try search("pain")
    #expect(results.first == "Pain")
    let back = try #require(results.firstIndex(of: "Back pain"))
    #expect(results.firstIndex(of: "Pain") ?? .max < back)
    #expect(results.contains("Chest wall pain"))
    #expect(results.contains("Tumor pain"))
}

@Test func word_beginnings_find_a_term_in_any_order() throws {
    #expect(try search("neut dec") == ["Neutrophil count decreased"])
    #expect(try search("decreased plat").first == "Platelet count decreased")
    #expect(try search("inj jug") == ["Injury to jugular vein"])
}

@Test func british_spellings_find_the_american_terms() throws {
    #expect(try search("Anaemia").first == "Anemia")
    #expect(try search("diarrhoea").first == "Diarrhea")
    #expect(try search("haematoma").first == "Hematoma")
    #expect(try search("hepatic haemorrhage").first == "Hepatic hemorrhage")
}

@Test func synonyms_lead_to_the_ctcae_term_used_for_them() throws {
    let hemoptysis = CtcaeSearch.search("Hemoptysis", in: try CtcaeDictionary.bundled())
    #expect(hemoptysis.first?.term.term == "Bronchopulmonary hemorrhage")
    #expect(hemoptysis.first?.rank == .exactSynonym)
    #expect(hemoptysis.first?.matchedText == "hemoptysis")
    #expect(try search("seed migration") == ["Injury, poisoning and procedural complications - Other, specify"])
    // The exact synonym (neutropenia = neutrophil count decreased) outranks the term that merely contains the word.
    #expect(try search("neutropenia") == ["Neutrophil count decreased", "Febrile neutropenia"])
    let hepatitis = try search("immune-related hepatitis")
    #expect(Set(hepatitis) == [
        "Alanine aminotransferase increased", "Aspartate aminotransferase increased",
        "Hepatobiliary disorders - Other, specify",
    ])
}

@Test func chinese_labels_are_searchable() throws {
    #expect(try search("气胸") == ["Pneumothorax"])
    #expect(try search("咯血") == ["Bronchopulmonary hemorrhage"])
    let pneumonitis = try search("肺炎")
    #expect(pneumonitis.first == "Pneumonitis")
    #expect(pneumonitis.contains("Lung infection"))
    #expect(try search("出血").contains("Hepatic hemorrhage"))
}

@Test func text_without_letters_or_digits_finds_nothing_and_unknown_text_finds_nothing() throws {
    #expect(try search("").isEmpty)
    #expect(try search(" - ,. ").isEmpty)
    #expect(try search("xylophone").isEmpty)
}

@Test func the_limit_keeps_the_best_matches() throws {
    let all = try search("pain")
    #expect(all.count > 3)
    #expect(try search("pain", limit: 3) == Array(all.prefix(3)))
}

@Test func normalization_folds_case_accents_punctuation_and_spelling() {
    #expect(CtcaeSearch.normalize("  Rash  maculo-papular!! ") == "rash maculo papular")
    #expect(CtcaeSearch.normalize("Œdème") == "œdeme")
    #expect(CtcaeSearch.normalize("Haemorrhage") == "hemorrhage")
    #expect(CtcaeSearch.normalize("放射回忆反应（皮肤）") == "放射回忆反应 皮肤")
}

@Test func every_term_is_found_first_by_its_own_name_and_by_its_chinese_label() throws {
    let dictionary = try CtcaeDictionary.bundled()
    for term in dictionary.terms {
        let byName = CtcaeSearch.search(term.term, in: dictionary)
        #expect(byName.first?.term == term, "\(term.term)")
        #expect(byName.first?.rank == .exactTerm)
        if let zh = term.zh {
            #expect(CtcaeSearch.search(zh, in: dictionary).contains { $0.term == term }, "\(zh)")
        }
    }
}
