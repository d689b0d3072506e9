import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
import TrialStats
@testable import TrialReports

/// Every figure is one self-contained, accessible SVG document: parses as XML, role="img" with <title> and
/// <desc> named by aria-labelledby, no scripts, links, images or external resources, and the words are text.
struct FigureAccessibilityTests {
    static func figures() throws -> [(name: String, svg: String, title: String)] {
        let fit = try KaplanMeier.fit(times: [2, 3, 3, 5, 8], events: [1, 1, 0, 1, 0])
        let km = KaplanMeierPlot(series: [.init(label: "Arm A", fit: fit)],
                                 labels: FigureExamples.survivalLabels(title: "PFS"),
                                 options: SurvivalPlotOptions(timeUnit: .days, identifier: "km-pfs"))
        let curves = try CumulativeIncidence.estimate(time: [1, 2, 3, 4], status: [1, 2, 0, 1])
        let cif = CumulativeIncidencePlot(series: [.init(label: "All", curve: curves[0])],
                                          labels: FigureExamples.survivalLabels(title: "Local failure"),
                                          options: SurvivalPlotOptions(identifier: "cif-lc"))
        let consort = ConsortDiagram(flow: FigureExamples.flow(), labels: FigureExamples.consortLabels(), identifier: "consort")
        let forest = ForestPlot(rows: FigureExamples.forestRows(), labels: FigureExamples.forestLabels(), identifier: "forest")
        let figures = TrialReportDocument(analysis: TrialAnalysisNumbersTests.output.analysis, language: .english).figures
        let course = [figures.waterfall, figures.spider, figures.swimmer, figures.progressionPatterns].map {
            (name: $0.name, svg: $0.svg(true), title: $0.caption)
        }
        return [("km", km.svg(), "PFS"), ("cif", cif.svg(), "Local failure"),
                ("consort", consort.svg(), FigureExamples.consortLabels().title),
                ("forest", forest.svg(), FigureExamples.forestLabels().title)] + course
    }

    @Test func every_figure_parses_and_names_its_title_and_description_for_screen_readers() throws {
        for figure in try Self.figures() {
            let svg = try SVGInspection(figure.svg)
            #expect(svg.root.localName == "svg", "\(figure.name)")
            #expect(svg.root.attributeValue("role") == "img", "\(figure.name)")
            let ids = (svg.root.attributeValue("aria-labelledby") ?? "").split(separator: " ").map(String.init)
            let title = svg.elements("title").first
            let desc = svg.elements("desc").first
            #expect(ids.count == 2, "\(figure.name)")
            #expect(ids.first == title?.attributeValue("id"), "\(figure.name)")
            #expect(ids.last == desc?.attributeValue("id"), "\(figure.name)")
            #expect(title?.stringValue == figure.title, "\(figure.name)")
            let description = desc?.stringValue ?? ""
            #expect(description.isEmpty == false, "\(figure.name)")
        }
    }

    @Test func figures_hold_no_scripts_links_images_or_external_resources() throws {
        for figure in try Self.figures() {
            let svg = try SVGInspection(figure.svg)
            for forbidden in ["script", "image", "a", "foreignObject", "style", "use"] {
                #expect(svg.elements(forbidden).isEmpty, "\(figure.name) has <\(forbidden)>")
            }
            #expect(!figure.svg.contains("href"), "\(figure.name)")
            #expect(!figure.svg.contains("url("), "\(figure.name)")
            #expect(!figure.svg.contains("@font-face") && !figure.svg.contains("@import"), "\(figure.name)")
            let handlers = svg.elements("svg").flatMap { _ in allElements(svg) }
                .flatMap { $0.attributes ?? [] }.compactMap(\.name).filter { $0.lowercased().hasPrefix("on") }
            #expect(handlers.isEmpty, "\(figure.name) has event handler attributes \(handlers)")
        }
    }

    private func allElements(_ svg: SVGInspection) -> [XMLElement] {
        var found: [XMLElement] = []
        func visit(_ element: XMLElement) {
            found.append(element)
            for child in element.children ?? [] { if let child = child as? XMLElement { visit(child) } }
        }
        visit(svg.root)
        return found
    }

    @Test func element_ids_are_prefixed_by_the_identifier_so_figures_can_share_a_page() throws {
        let ids = try Self.figures().flatMap { figure in
            try SVGInspection(figure.svg).elements("title").compactMap { $0.attributeValue("id") }
        }
        #expect(Set(ids).count == ids.count)
        #expect(SVGCanvas.safeIdentifier("km pfs/1") == "km-pfs-1")
        #expect(SVGCanvas.safeIdentifier("1st") == "figure-1st")
    }

    @Test func arms_differ_by_dash_pattern_as_well_as_colour_for_black_and_white_print() {
        let styles = (0..<4).map(SeriesStyle.standard)
        #expect(Set(styles.map(\.colour)).count == 4)
        #expect(Set(styles.map { $0.dash ?? "solid" }).count == 4)
    }
}

struct InlineFigureTests {
    @Test func a_figure_for_an_html_page_leaves_out_the_xml_declaration() throws {
        let plot = ForestPlot(rows: FigureExamples.forestRows(), labels: FigureExamples.forestLabels())
        #expect(plot.svg().hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
        let inline = plot.svg(xmlDeclaration: false)
        #expect(inline.hasPrefix("<svg "))
        _ = try SVGInspection(inline)
    }
}
