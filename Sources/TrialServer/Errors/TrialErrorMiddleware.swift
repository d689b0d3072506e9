import TrialCore
import TrialStore
import Vapor

/// Turns every error into the shape its caller expects: the API answers JSON `{"errors":[{"field","message"}]}`
/// (422 for invalid input), pages answer a short HTML page. Internal details never reach the response.
struct TrialErrorMiddleware: AsyncMiddleware {
    struct ErrorBody: Content {
        var errors: [FieldError]
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            var (status, errors) = Self.classify(error)
            var allowed: [HTTPMethod] = []
            if status == .notFound, request.route == nil {
                // No route for this method: if the path has routes for others, say which (405 + Allow).
                allowed = request.application.storage[RouteMethodIndexKey.self]?.methods(forPath: request.url.path) ?? []
                if !allowed.isEmpty {
                    status = .methodNotAllowed
                    errors = [FieldError(field: "", message: "\(request.method.rawValue) is not allowed here; allowed: \(allowed.map(\.rawValue).joined(separator: ", "))")]
                }
            }
            if status == .internalServerError {
                request.logger.report(error: error)
            }
            let wantsHTML = !request.isAPI && (request.headers.accept.mediaTypes.contains(.html) || request.method == .GET)
            if wantsHTML {
                let text = Self.explanation(of: errors, status: status, texts: request.texts)
                let catalogue = request.catalogue
                let heading = catalogue.texts["error.status.\(status.code)"] ?? "\(status.code) \(status.reasonPhrase)"
                let body = "<!doctype html><html lang=\"\(catalogue.language.rawValue)\"><head><meta charset=\"utf-8\"><title>\(heading.htmlEscaped)</title><link rel=\"stylesheet\" href=\"/trialdesk.css\"></head><body><main class=\"narrow\"><h1>\(heading.htmlEscaped)</h1><p>\(text.htmlEscapedKeepingBreaks)</p><p><a href=\"/\">\(catalogue["nav.home"].htmlEscaped)</a></p></main></body></html>"
                var headers = HTTPHeaders()
                headers.contentType = .html
                if !allowed.isEmpty { headers.replaceOrAdd(name: .allow, value: allowed.map(\.rawValue).joined(separator: ", ")) }
                return Response(status: status, headers: headers, body: .init(string: body))
            }
            let response = Response(status: status)
            if !allowed.isEmpty { response.headers.replaceOrAdd(name: .allow, value: allowed.map(\.rawValue).joined(separator: ", ")) }
            try response.content.encode(ErrorBody(errors: errors))
            if status == .unauthorized {
                response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
            }
            return response
        }
    }

    /// What the error page says: each error in the page language. A rule's message has its translation; a
    /// technical reason written in English (not found, no access) is replaced, on a page in another language,
    /// by the catalogue's explanation of the status.
    static func explanation(of errors: [FieldError], status: HTTPResponseStatus, texts: PageText) -> String {
        var lines: [String] = []
        for error in errors {
            let line: String
            if texts.language == .english || error.rule != nil {
                line = texts.labelled(error)
            } else {
                line = texts.catalogue.texts["error.explain.\(status.code)"] ?? texts["error.explain.other"]
            }
            if !lines.contains(line) { lines.append(line) }
        }
        return lines.joined(separator: "<br>")
    }

    /// A refusal by a rule (invalid input, a missing reason, a conflict with the saved state) as its status
    /// and field errors; nil for any other error. Pages show these where the user is; the API answers them.
    static func refusal(_ error: any Error) -> (HTTPResponseStatus, [FieldError])? {
        switch error {
        case let failure as ValidationFailure:
            return (.unprocessableEntity, failure.errors)
        case let field as FieldError:
            return (.unprocessableEntity, [field])
        case StoreError.validation(let errors):
            return (.unprocessableEntity, errors)
        case StoreError.reasonRequired:
            // Audit trail (ICH E6, 21 CFR 11): a change to saved data says why.
            return (.unprocessableEntity, [FieldError(field: "reason", RuleMessage("store.reasonRequired", "is required: say why saved data changes"))])
        case StoreError.conflict(let rule):
            return (.conflict, [FieldError(field: "", rule)])
        default:
            return nil
        }
    }

    static func classify(_ error: any Error) -> (HTTPResponseStatus, [FieldError]) {
        if let refused = refusal(error) { return refused }
        switch error {
        case StoreError.notFound(let entity, let id):
            return (.notFound, [FieldError(field: "", message: "no \(entity) \(id)")])
        case StoreError.outsideSite:
            return (.forbidden, [FieldError(field: "", message: String(describing: error))])
        case StoreError.storageUnavailable:
            return (.serviceUnavailable, [FieldError(field: "", message: String(describing: error))])
        case let decoding as DecodingError:
            return (.unprocessableEntity, [FieldError(decodingError: decoding)])
        case let abort as any AbortError:
            return (abort.status, [FieldError(field: "", message: abort.reason)])
        default:
            return (.internalServerError, [FieldError(field: "", message: "the server could not complete the request; it has been logged")])
        }
    }
}

extension String {
    var htmlEscaped: String {
        var out = ""
        out.reserveCapacity(count)
        for ch in self {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    var htmlEscapedKeepingBreaks: String {
        components(separatedBy: "<br>").map(\.htmlEscaped).joined(separator: "<br>")
    }
}
