import Foundation
@testable import TrialCore

/// Builders for the response tests: dates, exact decimals and small RECIST / PERCIST records.
enum ResponseFixtures {
    static let baselineDate = CalendarDate(iso8601: "2026-01-05")!

    static func day(_ offset: Int) -> CalendarDate {
        baselineDate.adding(days: offset)
    }

    static func decimal(_ text: String) -> Decimal {
        Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!
    }

    static func mm(_ text: String) -> Millimetres {
        Millimetres(text)!
    }

    /// Follow-up scans every 8 weeks, as the trial's imaging schedule.
    static func scanDay(_ index: Int) -> CalendarDate {
        day(56 * (index + 1))
    }

    typealias Target = RecistEvaluationRequest.BaselineTarget
    typealias Reading = RecistEvaluationRequest.TargetReading

    static func target(_ id: String, _ organ: String, _ size: String, nodal: Bool = false) -> Target {
        Target(id: id, organ: organ, nodal: nodal, mm: decimal(size))
    }

    static func reading(_ id: String, _ size: String?, tooSmall: Bool? = nil) -> Reading {
        Reading(id: id, mm: size.map(decimal), tooSmall: tooSmall)
    }

    /// A course whose follow-ups give each target's size in baseline order (nil: not assessed).
    static func request(
        targets: [Target], nonTargets: [RecistEvaluationRequest.BaselineNonTarget] = [],
        followUps: [[String?]], nonTargetStatuses: [[NonTargetStatus]]? = nil,
        newLesions: [NewLesionFinding]? = nil, minimumSDDays: Int? = nil
    ) -> RecistEvaluationRequest {
        let scans = followUps.enumerated().map { index, sizes in
            RecistEvaluationRequest.FollowUp(
                date: scanDay(index),
                targets: zip(targets, sizes).map { reading($0.id, $1) },
                nonTargets: zip(nonTargets, nonTargetStatuses?[index] ?? nonTargets.map { _ in .present }).map {
                    RecistEvaluationRequest.NonTargetReading(id: $0.id, status: $1)
                },
                newLesions: newLesions?[index] ?? .noneSeen)
        }
        return RecistEvaluationRequest(
            baseline: .init(date: baselineDate, targets: targets, nonTargets: nonTargets),
            followUps: scans, minimumSDDays: minimumSDDays)
    }

    /// One non-nodal liver target of `baseline` mm followed by the given sizes.
    static func singleTarget(_ baseline: String, _ sizes: [String?], newLesions: [NewLesionFinding]? = nil, minimumSDDays: Int? = nil) throws -> RecistEvaluation {
        try RecistEvaluation(evaluating: request(
            targets: [target("T1", "liver", baseline)], followUps: sizes.map { [$0] },
            newLesions: newLesions, minimumSDDays: minimumSDDays))
    }

    /// The field errors a request is rejected with (empty when it is accepted).
    static func recistErrors(_ request: RecistEvaluationRequest, settings: RecistSettings = RecistSettings()) -> [FieldError] {
        do {
            _ = try request.validated(settings: settings)
            return []
        } catch let failure as ValidationFailure {
            return failure.errors
        } catch {
            return [FieldError(field: "(unexpected)", message: "\(error)")]
        }
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    static func encodeJSON<T: Encodable>(_ value: T) throws -> [String: Any] {
        let data = try JSONEncoder().encode(value)
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
}
