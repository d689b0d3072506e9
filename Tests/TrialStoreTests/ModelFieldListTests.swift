import FluentKit
import Foundation
import Testing
@testable import TrialStore

/// Models that list their fields for Fluent (instead of Fluent's reflection on every query and row) must list
/// exactly the fields that reflection finds, in the same order: a field left out would silently be neither
/// saved nor read.
@Suite struct ModelFieldListTests {
    /// The fields reflection finds on a fresh instance, as the wrapper objects themselves.
    static func reflectedFields(of model: any Fields) -> [ObjectIdentifier] {
        Mirror(reflecting: model).children.compactMap { $0.value as? any AnyProperty }.map { ObjectIdentifier($0 as AnyObject) }
    }

    static func listedFields(of model: any Fields) -> [ObjectIdentifier] {
        model.properties.map { ObjectIdentifier($0 as AnyObject) }
    }

    static let listingModels: [any Model.Type] = [
        CaseReportFormRecord.self, ScreeningRecord.self, ParticipantRecord.self, AllocationSlotRecord.self,
        DataQueryRecord.self, PlannedVisitRecord.self, CasebookStateRecord.self,
    ]

    @Test(arguments: (listingModels + StoreSchema.auditedRecordTypes.map { $0 as any Model.Type }).map { ModelTypeArgument($0) })
    func a_model_lists_every_field_reflection_finds(_ type: ModelTypeArgument) {
        let model = type.make()
        let reflected = Self.reflectedFields(of: model)
        #expect(!reflected.isEmpty)
        #expect(Self.listedFields(of: model) == reflected, "\(type)")
    }

    /// The list is of the instance's own fields: values set on one model are read back through it, and a row
    /// read into a model fills every listed field.
    @Test func a_listed_model_saves_and_reads_every_field() async throws {
        try await withStoreDatabase { db in
            let form = CaseReportFormRecord()
            form.id = UUID()
            form.participantID = "960-0001"; form.siteCode = "960"; form.form = "baseline"; form.payloadJSON = "{}"
            form.createdAt = "2026-01-01T00:00:00Z"; form.verifiedBy = "monitor"; form.verifiedAt = "2026-01-02T00:00:00Z"
            form.lockedBy = "dm"; form.computedJSON = "{\"x\":1}"; form.acknowledgedBy = "m2"; form.acknowledgedAt = "2026-01-03T00:00:00Z"
            form.studyVersion = "1.1"
            try await form.create(on: db.database)
            let read = try #require(try await CaseReportFormRecord.find(form.id, on: db.database))
            #expect(read.auditSnapshot == form.auditSnapshot)
            #expect(read.studyVersion == "1.1" && read.acknowledgedAt == "2026-01-03T00:00:00Z" && read.participantID == "960-0001")
        }
    }
}

/// A model type as a test argument.
struct ModelTypeArgument: CustomStringConvertible, Sendable {
    let type: any Model.Type
    init(_ type: any Model.Type) { self.type = type }
    func make() -> any Fields { type.init() }
    var description: String { String(describing: type) }
}
