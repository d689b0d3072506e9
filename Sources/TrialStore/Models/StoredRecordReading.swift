import FluentKit
import FluentSQL
import Foundation

// The record kinds a write reads back most, as plain rows. Every correction and every recomputed response
// reads the saved form before diffing it; Fluent's reflective decoding of the row cost more than the query.

extension CaseReportFormRecord {
    public static func stored(id: UUID, on database: any Database) async throws -> CaseReportFormRecord? {
        try await read(on: database) { $0.where("id", .equal, SQLBind(id)).limit(1) }.first
    }
}
