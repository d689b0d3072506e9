import Foundation
import Testing
@testable import TrialReports

struct ConsortDiagramTests {
    @Test func every_count_of_the_flow_appears_with_its_label() throws {
        let diagram = ConsortDiagram(flow: FigureExamples.flow(), labels: FigureExamples.consortLabels())
        let texts = try SVGInspection(diagram.svg()).texts.joined(separator: " ")
        for expected in ["Assessed for eligibility (n=148)", "Excluded (n=25)", "Not meeting inclusion criteria (n=17)",
                         "Declined to participate (n=8)", "Randomized (n=120)",
                         "Allocated to Seeds + systemic therapy (n=60)", "Allocated to Systemic therapy alone (n=61)",
                         "Received allocated intervention (n=57)", "Did not receive allocated intervention (n=3)",
                         "Lost to follow-up (n=11)", "Lost to follow-up (n=12)", "Discontinued intervention (n=52)",
                         "Discontinued intervention (n=54)", "Toxicity (n=21)", "Progression (n=32)",
                         "Analysed (n=59)", "Analysed (n=58)", "Excluded from analysis (n=2)", "No baseline assessment (n=1)",
                         "Enrollment", "Allocation", "Follow-up", "Analysis"] {
            #expect(texts.contains(expected), "\(expected)")
        }
    }

    @Test(arguments: [(1, false, false), (2, false, false), (2, true, false), (2, true, true), (3, true, true)])
    func boxes_never_overlap_and_hold_their_wrapped_text(arms: Int, longReasons: Bool, chinese: Bool) throws {
        let labels = chinese ? FigureExamples.chineseConsortLabels() : FigureExamples.consortLabels()
        let diagram = ConsortDiagram(flow: FigureExamples.flow(arms: arms, longReasons: longReasons), labels: labels)
        let layout = diagram.layout()
        #expect(layout.boxes.count == 3 + 4 + 3 * arms) // enrollment boxes, stage labels, arm boxes
        for (index, box) in layout.boxes.enumerated() {
            for other in layout.boxes[(index + 1)...] {
                #expect(!box.rect.intersects(other.rect), "\(box.role) overlaps \(other.role)")
            }
            #expect(box.rect.x >= 0 && box.rect.right <= diagram.width, "\(box.role) leaves the figure")
            #expect(box.rect.bottom <= layout.height)
            let lineCount = box.lines.reduce(0) { $0 + $1.pieces.count }
            #expect(box.rect.height >= Double(lineCount) * ConsortDiagram.lineHeight, "\(box.role) is too short")
            for line in box.lines {
                for piece in line.pieces {
                    let width = EstimatedTextWidth.of(piece, fontSize: ConsortDiagram.fontSize, bold: line.level == 0)
                    #expect(width <= box.rect.width - 2 * ConsortDiagram.padding - Double(line.level) * ConsortDiagram.indent,
                            "\(piece) overflows \(box.role)")
                }
            }
        }
        _ = try SVGInspection(diagram.svg())
    }

    @Test func arrows_lead_from_each_box_to_the_next_stage() {
        let layout = ConsortDiagram(flow: FigureExamples.flow(), labels: FigureExamples.consortLabels()).layout()
        func box(_ role: String) -> ConsortDiagram.Rect { layout.boxes.first { $0.role == role }!.rect }
        func hasArrow(from: (Double, Double), to: (Double, Double)) -> Bool {
            layout.arrows.contains { abs($0.from.0 - from.0) < 0.01 && abs($0.from.1 - from.1) < 0.01
                && abs($0.to.0 - to.0) < 0.01 && abs($0.to.1 - to.1) < 0.01 }
        }
        #expect(hasArrow(from: (box("assessed").centerX, box("assessed").bottom), to: (box("randomized").centerX, box("randomized").y)))
        #expect(hasArrow(from: (box("assessed").centerX, box("excluded").centerY), to: (box("excluded").x, box("excluded").centerY)))
        for arm in 0..<2 {
            let allocation = box("allocation-\(arm)"), followUp = box("follow-up-\(arm)"), analysis = box("analysis-\(arm)")
            #expect(hasArrow(from: (allocation.centerX, allocation.bottom), to: (followUp.centerX, followUp.y)))
            #expect(hasArrow(from: (followUp.centerX, followUp.bottom), to: (analysis.centerX, analysis.y)))
            #expect(layout.arrows.contains { abs($0.to.0 - allocation.centerX) < 0.01 && abs($0.to.1 - allocation.y) < 0.01 })
        }
    }

    @Test func the_arm_name_replaces_the_placeholder_in_chinese_labels() throws {
        let diagram = ConsortDiagram(flow: FigureExamples.flow(), labels: FigureExamples.chineseConsortLabels())
        let texts = try SVGInspection(diagram.svg()).texts.joined()
        #expect(texts.contains("分配至Seeds"))
        #expect(texts.contains("评估合格性 (n=148)"))
        #expect(!texts.contains("{arm}"))
    }
}
