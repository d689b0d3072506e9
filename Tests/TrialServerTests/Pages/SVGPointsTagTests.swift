import Foundation
import LeafKit
import NIOCore
import NIOPosix
import Testing
@testable import TrialServer

/// `#points(x)` writes a coordinate list as it is and escapes anything else, as `#(x)` does.
@Suite struct SVGPointsTagTests {
    /// One template, served from memory.
    struct OneTemplate: LeafSource {
        let text: String
        func file(template: String, escape: Bool, on eventLoop: any EventLoop) throws -> EventLoopFuture<ByteBuffer> {
            eventLoop.makeSucceededFuture(ByteBuffer(string: text))
        }
    }

    static func render(_ value: String) async throws -> String {
        let sources = LeafSources()
        try sources.register(using: OneTemplate(text: ##"<polyline points="#points(p)"></polyline>"##))
        let renderer = LeafRenderer(configuration: LeafConfiguration(rootDirectory: "/"), tags: ["points": SVGPointsTag()],
                                    sources: sources, eventLoop: MultiThreadedEventLoopGroup.singleton.any())
        let buffer = try await renderer.render(path: "points", context: ["p": .string(value)]).get()
        return String(buffer: buffer)
    }

    @Test func a_coordinate_list_is_written_as_it_is() async throws {
        #expect(try await Self.render("48.0,220.0 49.5,-3.2") == #"<polyline points="48.0,220.0 49.5,-3.2"></polyline>"#)
    }

    @Test func anything_else_is_escaped_so_the_tag_never_writes_markup() async throws {
        let written = try await Self.render(#"1,2" onload="alert(1)"><script>x</script>"#)
        #expect(written == #"<polyline points="1,2&quot; onload=&quot;alert(1)&quot;&gt;&lt;script&gt;x&lt;/script&gt;"></polyline>"#)
        #expect(SVGPointsTag.isPlainPointList("0.5,1 2,-3"))
        #expect(!SVGPointsTag.isPlainPointList("1,2&"))
    }
}
