import Testing
import TrialCore

@Suite("Study field paths")
struct StudyFieldPathTests {
    @Test func path_text_parses_into_keys_and_positions_and_prints_back() {
        let path: StudyFieldPath = "stratification[0].levels[1].range"
        #expect(path.components == [.key("stratification"), .index(0), .key("levels"), .index(1), .key("range")])
        #expect(path.description == "stratification[0].levels[1].range")
    }

    @Test func path_built_from_parts_reads_as_a_field_name() {
        let path = StudyFieldPath("title").key("zh-Hans")
        #expect(path.description == "title.zh-Hans")
        #expect(StudyFieldPath().description == "(study)")
    }
}
