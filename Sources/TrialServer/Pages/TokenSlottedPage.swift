import LeafKit
import NIOCore

/// A rendered page cut where the request's CSRF token goes, so that one rendering serves every request of
/// its reader: each request's page is the pieces joined by that request's own token.
struct TokenSlottedPage: Sendable {
    let pieces: [ByteBuffer]

    /// Random for each server process, so that no value shown on a page can contain it.
    static func newPlaceholder() -> String {
        "csrf-slot-" + (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 16) }.joined()
    }

    /// The page's bytes, what keeping it costs.
    var byteCount: Int { pieces.reduce(0) { $0 + $1.readableBytes } }

    /// Cuts `rendered` at every occurrence of `placeholder`.
    init(_ rendered: ByteBuffer, placeholder: String) {
        let bytes = Array(rendered.readableBytesView)
        let slot = Array(placeholder.utf8)
        var pieces: [ByteBuffer] = []
        var start = 0
        var index = 0
        while !slot.isEmpty, index + slot.count <= bytes.count {
            if bytes[index] == slot[0], bytes[index ..< index + slot.count].elementsEqual(slot) {
                pieces.append(ByteBuffer(bytes: bytes[start ..< index]))
                index += slot.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(ByteBuffer(bytes: bytes[start...]))
        self.pieces = pieces
    }

    /// The page with `token` in every slot, escaped as the template's `#(page.csrf)` would have written it (a
    /// visitor's token can come from a cookie it sent). The token is asked for only when the page has a slot: an
    /// answer without one (an API answer) is given as kept, not copied, and makes no visitor cookie.
    func filled(with token: @autoclosure () -> String) -> ByteBuffer {
        if pieces.count == 1 { return pieces[0] }
        let written = token().htmlEscaped()
        var page = ByteBuffer()
        page.reserveCapacity(pieces.reduce(0) { $0 + $1.readableBytes } + (pieces.count - 1) * written.utf8.count)
        for (index, piece) in pieces.enumerated() {
            if index > 0 { page.writeString(written) }
            page.writeImmutableBuffer(piece)
        }
        return page
    }
}
