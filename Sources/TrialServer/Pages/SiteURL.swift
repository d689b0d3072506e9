import Foundation
import TrialCore
import Vapor

/// Every page path of the application, written once: the page controllers register their routes with it
/// and every link, form action and redirect is built from it. A case's values are path segments; for route
/// registration they are the parameter names (`SiteURL.participant(SiteURL.participantID)` is
/// `/participants/:participantID`).
enum SiteURL: Hashable, Sendable {
    case home
    case signIn
    case signOut
    case language
    case accountPassword
    case accounts
    case account(_ userID: String, AccountAction)
    case participants
    case participant(_ participantID: String)
    case randomize(_ participantID: String)
    case signCasebook(_ participantID: String)
    case casebookControl(_ participantID: String, _ action: String)
    case forms(_ participantID: String, _ form: String)
    case newForm(_ participantID: String, _ form: String)
    case formPreview(_ participantID: String, _ form: String)
    case form(_ participantID: String, _ form: String, _ formID: String)
    case formControl(_ participantID: String, _ form: String, _ formID: String, _ action: String)
    case screenings
    case newScreening
    case screening(_ screeningID: String)
    case screeningCorrection(_ screeningID: String)
    case screeningConsent(_ screeningID: String)
    case screeningEnrollment(_ screeningID: String)
    case queries
    case participantQueries(_ participantID: String)
    case queryAction(_ queryID: String, DataQueryAction)
    case audit
    case auditOf(entityType: String, entityID: String)
    case report
    case design
    case acknowledgeSeriousEvent(_ formID: String)

    enum AccountAction: String, Sendable, CaseIterable {
        case disable, enable, role
        case passwordReset = "password-reset"
    }

    // Parameter names, for registering the routes.
    static let participantID = ":participantID"
    static let formKind = ":form"
    static let formID = ":formID"
    static let screeningID = ":screeningID"
    static let queryID = ":queryID"
    static let userID = ":userID"
    static let controlAction = ":action"

    /// The path segments, unescaped.
    var segments: [String] {
        switch self {
        case .home: return []
        case .signIn: return ["sign-in"]
        case .signOut: return ["sign-out"]
        case .language: return ["language"]
        case .accountPassword: return ["account", "password"]
        case .accounts: return ["admin", "users"]
        case .account(let id, let action): return ["admin", "users", id, action.rawValue]
        case .participants: return ["participants"]
        case .participant(let id): return ["participants", id]
        case .randomize(let id): return ["participants", id, "randomize"]
        case .signCasebook(let id): return ["participants", id, "signature"]
        case .casebookControl(let id, let action): return ["participants", id, action]
        case .forms(let id, let form): return ["participants", id, "forms", form]
        case .newForm(let id, let form): return ["participants", id, "forms", form, "new"]
        case .formPreview(let id, let form): return ["participants", id, "forms", form, "preview"]
        case .form(let id, let form, let formID): return ["participants", id, "forms", form, formID]
        case .formControl(let id, let form, let formID, let action): return ["participants", id, "forms", form, formID, action]
        case .screenings: return ["screenings"]
        case .newScreening: return ["screenings", "new"]
        case .screening(let id): return ["screenings", id]
        case .screeningCorrection(let id): return ["screenings", id, "edit"]
        case .screeningConsent(let id): return ["screenings", id, "consent"]
        case .screeningEnrollment(let id): return ["screenings", id, "enrollment"]
        case .queries: return ["queries"]
        case .participantQueries(let id): return ["participants", id, "queries"]
        case .queryAction(let id, let action): return ["queries", id, action.rawValue]
        case .audit, .auditOf: return ["audit"]
        case .report: return ["report"]
        case .design: return ["design"]
        case .acknowledgeSeriousEvent(let formID): return ["safety", "serious-events", formID, "acknowledge"]
        }
    }

    /// The path (with its query, for the audit history of one record) to link or redirect to.
    var path: String {
        let escaped = segments.map(Self.escapedSegment)
        let base = "/" + escaped.joined(separator: "/")
        switch self {
        case .auditOf(let type, let id):
            var query = URLComponents()
            query.queryItems = [URLQueryItem(name: "entityType", value: type), URLQueryItem(name: "entityID", value: id)]
            return base + "?" + (query.percentEncodedQuery ?? "")
        default:
            return base
        }
    }

    /// A path segment percent-encoded as Foundation's `.urlPathAllowed` minus "/" does (RFC 3986 pchar: letters,
    /// digits, "-._~", "!$&'()*+,=:@"; not ";"), byte by byte in UTF-8. A list page links a hundred rows, and Foundation
    /// built the character set and bridged the string for every link: a tenth of the query inbox's time.
    static func escapedSegment(_ segment: String) -> String {
        let utf8 = segment.utf8
        if utf8.allSatisfy(isPathCharacter) { return segment }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(utf8.count * 3)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in utf8 {
            if isPathCharacter(byte) {
                escaped.append(byte)
            } else {
                escaped.append(UInt8(ascii: "%"))
                escaped.append(hex[Int(byte >> 4)])
                escaped.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    private static func isPathCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): return true
        case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "@"):
            return true
        default: return false
        }
    }

    /// The route's path components; a segment that starts with ":" is a parameter.
    var pathComponents: [PathComponent] {
        segments.map { PathComponent(stringLiteral: $0) }
    }

    /// A page's path with a notice for the page to show once (after a write).
    func path(notice: PageNotice) -> String {
        let base = path
        return base + (base.contains("?") ? "&" : "?") + "done=\(notice.rawValue)"
    }
}
