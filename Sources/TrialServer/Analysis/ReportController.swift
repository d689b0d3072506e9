import Foundation
import TrialCore
import TrialReports
import TrialStoredAnalysis
import Vapor

/// The statistical report as a page for the statistician and the DSMB: the same document `trialdesk analyze`
/// writes, computed from the data saved now (cut-off today unless `cutoff` is given), in the page language.
struct ReportController: RouteCollection {
    static let readers: AccessPolicy = .roles(.statistician, .dsmbMember)

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.report, access: Self.readers,
                  docs: .page("The statistical report (endpoints, safety, quality of life) from the data saved now; cutoff=YYYY-MM-DD, lang=en|zh-Hans"),
                  use: report)
    }

    func report(_ req: Request) async throws -> Response {
            let cutoff: CalendarDate
            if let text = req.query[String.self, at: "cutoff"] {
                guard let parsed = CalendarDate(iso8601: text) else {
                    throw ValidationFailure(field: "cutoff", message: "'\(text)' is not a date YYYY-MM-DD")
                }
                cutoff = parsed
            } else {
                cutoff = req.enrollment.today
            }
            let language: ReportLanguage = req.language == .simplifiedChinese ? .simplifiedChinese : .english
            // Computed once per data version: the chain head names it exactly.
            let head = try await req.store.chainHead()
            let key = ReportCache.Key(chainSequence: head.sequence, chainHash: head.hash, cutoff: cutoff, language: language)
            let database = req.db
            let html = try await req.application.reportCache.document(for: key) {
                let input = try await StoredTrialAnalysis.input(database: database, cutoff: cutoff, language: language)
                return try TrialReportOutput(input).document.html()
            }
            var headers = HTTPHeaders()
            headers.contentType = .html
            return Response(status: .ok, headers: headers, body: .init(string: html))
    }
}
