import Foundation
import TrialCore
import Vapor

/// Every JSON body an API route decodes goes through `JSONInput` first, so that malformed JSON, text that
/// is not UTF-8, deep nesting and oversized values are 422s naming the field, never a 500.
struct BoundedJSONDecoder: ContentDecoder {
    let decoder: any ContentDecoder

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decoder.decode(D.self, from: ByteBuffer(data: try JSONInput.normalized(Data(body.readableBytesView))), headers: headers)
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable]) throws -> D {
        try decoder.decode(D.self, from: ByteBuffer(data: try JSONInput.normalized(Data(body.readableBytesView))), headers: headers, userInfo: userInfo)
    }

    /// Puts the bounds in front of the JSON decoder in use, once per process however many applications it
    /// starts (a static's initializer runs exactly once, even when tests configure servers in parallel).
    static func install() { _ = installed }

    private static let installed: Void = {
        guard let current = try? ContentConfiguration.global.requireDecoder(for: .json), !(current is BoundedJSONDecoder) else { return }
        ContentConfiguration.global.use(decoder: BoundedJSONDecoder(decoder: current), for: .json)
    }()
}
