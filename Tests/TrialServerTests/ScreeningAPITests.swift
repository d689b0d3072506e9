import Foundation
import Testing
import TrialCore
@testable import TrialServer
import TrialStore
import Vapor
import VaporTesting

/// The screening log through the API: a valid entry, field errors, corrections with a reason and against
/// the version the editor saw, and site confinement.
@Suite struct ScreeningAPITests {
    static func screeningJSON(lesions: Int = 7, date: String, site: String = "960") -> String {
        """
        {"siteCode":"\(site)","screeningDate":"\(date)","values":{"age":61,"sex":"female","primaryTumour":"lung","metastaticLesionCount":\(lesions),"ecog":1,"plateletCount":180,"inr":1.0},
         "answers":{"I02":"yes","I05":"yes","I06":"yes","I07":"yes","I08":"yes","I09":"yes","I12":"yes","E01":"no","E02":"no","E03":"no","E04":"no","E05":"no","E06":"no"}}
        """
    }

    static var today: String {
        CalendarDate(localDayOf: Date(), in: .current).iso8601
    }

    @Test func a_screening_is_evaluated_and_a_stale_correction_is_refused_with_409() async throws {
        try await TestServer.run { server in
            let tester = try server.app.testing()
            var headers = try await server.bearer(for: .coordinator)
            headers.contentType = .json
            let created = try await tester.sendRequest(.POST, "/api/v1/screenings", headers: headers,
                                                       body: ByteBuffer(string: Self.screeningJSON(date: Self.today)))
            #expect(created.status == .created)
            let view = try created.content.decode(ScreeningController.ScreeningView.self)
            #expect(view.verdict == "eligible")
            #expect(view.screeningNumber == "S960-0001")

            let correction = #"{"screening":\#(Self.screeningJSON(lesions: 8, date: Self.today)),"reason":"recount on CT","version":\#(view.version)}"#
            let first = try await tester.sendRequest(.PUT, "/api/v1/screenings/\(view.id)", headers: headers, body: ByteBuffer(string: correction))
            #expect(first.status == .ok)
            // The same edit again, from the copy opened before the first correction: refused, nothing overwritten.
            let stale = #"{"screening":\#(Self.screeningJSON(lesions: 9, date: Self.today)),"reason":"another reader","version":\#(view.version)}"#
            let second = try await tester.sendRequest(.PUT, "/api/v1/screenings/\(view.id)", headers: headers, body: ByteBuffer(string: stale))
            #expect(second.status == .conflict)
            let now = try await tester.sendRequest(.GET, "/api/v1/screenings/\(view.id)", headers: headers)
            let current = try now.content.decode(ScreeningController.ScreeningView.self)
            #expect(current.values["metastaticLesionCount"] == .number(8))

            let noReason = #"{"screening":\#(Self.screeningJSON(lesions: 9, date: Self.today)),"version":\#(current.version)}"#
            let refused = try await tester.sendRequest(.PUT, "/api/v1/screenings/\(view.id)", headers: headers, body: ByteBuffer(string: noReason))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("reason"))
        }
    }

    @Test func invalid_screening_input_answers_422_naming_each_field() async throws {
        try await TestServer.run { server in
            var headers = try await server.bearer(for: .investigator)
            headers.contentType = .json
            let body = Self.screeningJSON(date: "2099-01-01").replacingOccurrences(of: "\"ecog\":1", with: "\"ecog\":9")
            let response = try await server.app.testing().sendRequest(.POST, "/api/v1/screenings", headers: headers, body: ByteBuffer(string: body))
            #expect(response.status == .unprocessableEntity)
            let errors = try response.content.decode([String: [FieldError]].self)["errors"] ?? []
            #expect(Set(errors.map(\.field)) == ["screeningDate", "values.ecog"])
            let count = try await server.app.testing().sendRequest(.GET, "/api/v1/screenings", headers: headers)
            #expect(try count.content.decode([ScreeningController.ScreeningView].self).isEmpty, "nothing partial is saved")
        }
    }

    @Test func a_user_bound_to_one_site_cannot_screen_for_another() async throws {
        try await TestServer.run { server in
            var headers = try await server.bearer(for: .coordinator)
            headers.contentType = .json
            let response = try await server.app.testing().sendRequest(.POST, "/api/v1/screenings", headers: headers,
                                                                      body: ByteBuffer(string: Self.screeningJSON(date: Self.today, site: "961")))
            #expect(response.status == .forbidden)
        }
    }
}
