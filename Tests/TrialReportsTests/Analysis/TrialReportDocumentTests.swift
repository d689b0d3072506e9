import Foundation
import Testing
import TrialCore
@testable import TrialReports

@Suite struct TrialReportDocumentTests {
    static let analysis = TrialAnalysisNumbersTests.output.analysis

    @Test(arguments: ReportLanguage.allCases)
    func every_label_exists_in_both_dictionaries(language: ReportLanguage) {
        let words = ReportVocabulary.forLanguage(language)
        for key in ReportText.allCases {
            #expect(!(words.entries[key] ?? "").isEmpty, "\(language.rawValue) lacks \(key.rawValue)")
        }
    }

    @Test(arguments: ReportLanguage.allCases)
    func the_report_has_every_section_and_no_missing_label(language: ReportLanguage) {
        let html = TrialReportDocument(analysis: Self.analysis, language: language).html()
        let words = ReportVocabulary.forLanguage(language)
        for id in ["populations", "registration", "consort", "baseline", "pfs", "os", "ttnt", "local-control", "safety",
                   "quality-of-life", "response-course", "progression-patterns", "subgroups", "methods"] {
            #expect(html.contains("<section id=\"\(id)\">"), "\(language.rawValue): section \(id)")
        }
        for key: ReportText in [.sectionPFS, .sectionOS, .sectionTTNT, .sectionLC, .sectionSafety, .sectionQoL, .sectionSubgroups,
                                .sectionRegistration, .sectionPatterns, .sectionResponseCourse, .stratifiedLogRank, .hazardRatio, .rmstDifference, .phTest, .grayTest] {
            #expect(html.contains(ReportFormat.html(words[key])), "\(language.rawValue): \(key.rawValue)")
        }
        // A missing label would print as [key].
        for key in ReportText.allCases { #expect(!html.contains("[\(key.rawValue)]")) }
        #expect(html.contains("<html lang=\"\(language.rawValue)\">"))
        #expect(html.contains("@media print"))
        #expect(html.contains(Self.analysis.dataCutoff.iso8601))
        // Figures are inline SVG, without XML declarations inside the page.
        #expect(html.components(separatedBy: "<svg").count - 1 == 11)
        #expect(!html.contains("<?xml"))
    }

    @Test func the_chinese_report_names_ctcae_terms_and_organ_classes_in_chinese_with_the_coded_term() throws {
        let dictionary = try CtcaeDictionary.bundled()
        let term = try #require(Self.analysis.safety.terms.first { dictionary.term(named: $0.term)?.zh != nil })
        let chinese = try #require(dictionary.term(named: term.term)?.zh)
        let zh = TrialReportDocument(analysis: Self.analysis, language: .simplifiedChinese).html()
        #expect(zh.contains("<th>\(ReportFormat.html(chinese))（\(ReportFormat.html(term.term))）</th>"), "\(term.term)")
        if let soc = term.systemOrganClass, let socChinese = dictionary.systemOrganClasses.first(where: { $0.name == soc })?.zh {
            #expect(zh.contains("<td>\(ReportFormat.html(socChinese))</td>"))
        }
        let en = TrialReportDocument(analysis: Self.analysis, language: .english).html()
        #expect(en.contains("<th>\(ReportFormat.html(term.term))</th>"))
        #expect(!en.contains(chinese))
    }

    @Test func recorded_category_words_are_named_by_the_study_in_the_reports_language() throws {
        var input = HandDerivedCases.input()
        input.study.screeningFields.append(ScreeningField(
            name: "primaryTumour", label: LocalizedText(en: "Primary tumour", zhHans: "原发肿瘤"), kind: .category,
            categories: ["lung", "liver"], categoryLabels: ["lung": LocalizedText(en: "Lung", zhHans: "肺"),
                                                            "liver": LocalizedText(en: "Liver", zhHans: "肝")]))
        let analysis = try TrialAnalysis(input)
        #expect(analysis.categoryLabels["lung"]?.zhHans == "肺")
        let rows = analysis.baseline.filter { $0.variable == "primarySite" }
        #expect(rows.contains { $0.level == "lung" }, "the hand-derived participants' primary site is lung")
        let zh = TrialReportDocument(analysis: analysis, language: .simplifiedChinese).html()
        let en = TrialReportDocument(analysis: analysis, language: .english).html()
        for row in rows where row.level == "lung" {
            #expect(zh.contains("<th class=\"indent\">肺</th>"))
            #expect(en.contains("<th class=\"indent\">Lung</th>"))
        }
    }

    @Test func every_cited_method_has_its_footnote() {
        let html = TrialReportDocument(analysis: Self.analysis, language: .english).html()
        for number in 1...TrialReportDocument.methods.count {
            #expect(html.contains("<li id=\"m\(number)\">"))
        }
        let citations = html.components(separatedBy: "href=\"#m").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(!citations.isEmpty && citations.allSatisfy { (1...TrialReportDocument.methods.count).contains($0) })
        // Each method is cited somewhere.
        #expect(Set(citations) == Set(1...TrialReportDocument.methods.count))
    }

    @Test func the_registration_map_links_each_registered_endpoint_to_its_section() {
        let html = TrialReportDocument(analysis: Self.analysis, language: .english).html()
        for anchor in ["pfs", "os", "ttnt", "local-control", "safety", "quality-of-life"] {
            #expect(html.contains("<a href=\"#\(anchor)\">"))
        }
    }

    @Test func the_chinese_report_prints_chinese_arm_labels_and_headings() {
        let html = TrialReportDocument(analysis: Self.analysis, language: .simplifiedChinese).html()
        #expect(html.contains("粒子+全身治疗") && html.contains("无进展生存期"))
        #expect(!html.contains("Seeds + systemic"))
    }
}
