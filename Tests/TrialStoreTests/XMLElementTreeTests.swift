import Foundation
import Testing
@testable import TrialStore

@Suite struct XMLElementTreeTests {
    @Test func a_document_larger_than_the_demo_studys_full_history_is_read_whole() throws {
        // The demo study's full ODM history is about 15 MB (CI imports it); this one is larger.
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ODM>\n"
        let item = "  <ItemData ItemOID=\"I.baseline.ageYears\" Value=\"61\">病例报告 &amp; text</ItemData>\n"
        let count = 20_000_000 / item.utf8.count + 1
        text.reserveCapacity(count * item.utf8.count + 64)
        for _ in 0..<count { text += item }
        text += "</ODM>\n"
        let data = Data(text.utf8)
        #expect(data.count > 20_000_000)
        let root = try XMLElementTree.parse(data).get()
        #expect(root.name == "ODM" && root.children.count == count)
        #expect(root.children.last?["ItemOID"] == "I.baseline.ageYears" && root.children.last?.text == "病例报告 & text")
    }

    @Test func a_document_that_is_not_well_formed_is_refused_with_its_line() {
        // Handed over as one block of data, the parser accepted a mismatched end tag; read as a stream it refuses it.
        guard case .failure(let error) = XMLElementTree.parse(Data("<ODM>\n<Study>\n</ODM>\n".utf8)) else {
            Issue.record("a mismatched end tag was read")
            return
        }
        #expect(error.line >= 2)
    }
}
