import FluentKit
import Foundation
import Testing
import TrialCore
@testable import TrialStore

/// Lists read as plain rows give what the slower readings give: the participants list what Fluent's query of
/// the same filters gives, the serious event alerts what the rule finds among all adverse event forms.
@Suite struct PlainListReadTests {
    /// The filters as Fluent's query builder reads them: an independent reading of the list and its count.
    static func fluentQuery(scope: SiteScope, site: String?, arm: String?, id: String?, idContaining: String?,
                            status: SiteScopedRecords.ParticipantStatus, on store: TrialStore) -> QueryBuilder<ParticipantRecord> {
        let query = ParticipantRecord.query(on: store.database)
        if let own = scope.siteCode { query.filter(\.$siteCode == own) }
        if let site { query.filter(\.$siteCode == site) }
        if let arm { query.filter(\.$arm == arm) }
        if let id { query.filter(\.$participantID == id) }
        if let idContaining, !idContaining.isEmpty { query.filter(\.$participantID, .contains(inverse: false, .anywhere), idContaining) }
        switch status {
        case .any: break
        case .randomized: query.filter(\.$arm != nil)
        case .enrolled: query.filter(\.$arm == nil)
        }
        return query
    }

    /// The list as Fluent's query builder reads it.
    static func fluentList(scope: SiteScope, site: String?, arm: String?, id: String?, idContaining: String?,
                           status: SiteScopedRecords.ParticipantStatus, page: ListPage?, on store: TrialStore) async throws -> [String] {
        let query = fluentQuery(scope: scope, site: site, arm: arm, id: id, idContaining: idContaining, status: status, on: store)
            .sort(\.$participantID)
        if let page { query.offset(page.offset).limit(page.limit) }
        return try await query.all().map(\.participantID)
    }

    @Test func every_filter_scope_and_page_gives_what_the_query_builder_gives() async throws {
        try await withStoreDatabase { db in
            _ = try await DemoTrialLoader(database: db.database, seed: 5, participants: 30, sites: 2, today: CalendarDate(iso8601: "2026-11-25")!,
                                          timeZone: TimeZone(identifier: "Asia/Shanghai")!, passwordHash: "x").load()
            // One participant enrolled and not randomized, so that both statuses have members.
            let enrolledOnly = try #require(try await ParticipantRecord.query(on: db.database).sort(\.$participantID, .descending).first())
            enrolledOnly.arm = nil
            try await enrolledOnly.save(on: db.database)
            let full = try await ParticipantRecord.query(on: db.database).all()
            let arms = Set(full.compactMap(\.arm)).sorted()
            #expect(arms.count == 2)
            var compared = 0
            for scope in [SiteScope.allSites, .site("960"), .site("961")] {
                let records = SiteScopedRecords(store: db.store, scope: scope)
                for site in [nil, "960", "961"] as [String?] {
                    for arm in [nil] + arms.map(Optional.some) {
                        for status in [SiteScopedRecords.ParticipantStatus.any, .randomized, .enrolled] {
                            for idContaining in [nil, "", "-00", "96", "1-0001", "%", "_"] as [String?] {
                                for page in [nil, try ListPage(limit: 5, offset: 3)] as [ListPage?] {
                                    let plain = try await records.participants(site: site, arm: arm, idContaining: idContaining, status: status, page: page)
                                    let expected = try await Self.fluentList(scope: scope, site: site, arm: arm, id: nil, idContaining: idContaining,
                                                                             status: status, page: page, on: db.store)
                                    #expect(plain.map(\.participantID) == expected, "\(scope) site \(site ?? "-") arm \(arm ?? "-") \(status) q \(idContaining ?? "-")")
                                    compared += expected.count
                                    if page == nil {
                                        let count = try await records.participantCount(site: site, arm: arm, idContaining: idContaining, status: status)
                                        let fluentCount = try await Self.fluentQuery(scope: scope, site: site, arm: arm, id: nil, idContaining: idContaining,
                                                                                     status: status, on: db.store).count()
                                        #expect(count == fluentCount, "count: \(scope) site \(site ?? "-") arm \(arm ?? "-") \(status) q \(idContaining ?? "-")")
                                    }
                                }
                            }
                        }
                    }
                }
                let one = try #require(full.first?.participantID)
                let byID = try await records.participants(id: one)
                #expect(byID.map(\.participantID) == (try await Self.fluentList(scope: scope, site: nil, arm: nil, id: one, idContaining: nil,
                                                                                   status: .any, page: nil, on: db.store)))
            }
            #expect(compared > 1_000, "the filters found participants to compare")
            // The records read as plain rows carry what Fluent reads.
            let plain = try await SiteScopedRecords(store: db.store, scope: .allSites).participants()
            let fluent = try await ParticipantRecord.query(on: db.database).sort(\.$participantID).all()
            for (a, b) in zip(plain, fluent) {
                #expect(a.id == b.id && a.siteCode == b.siteCode && a.arm == b.arm && a.stratum == b.stratum && a.randomizedOn == b.randomizedOn
                        && a.allocationNumber == b.allocationNumber && a.signedBy == b.signedBy && a.enrolledOn == b.enrolledOn)
            }
        }
    }

    /// The serious event alerts, read in one plain statement, are the adverse event forms the rule calls serious,
    /// in each scope, open or with the acknowledged ones.
    @Test func serious_event_alerts_are_the_serious_adverse_event_forms_of_the_scope() async throws {
        try await withStoreDatabase { db in
            _ = try await DemoTrialLoader(database: db.database, seed: 7, participants: 40, sites: 2, today: CalendarDate(iso8601: "2026-11-25")!,
                                          timeZone: TimeZone(identifier: "Asia/Shanghai")!, passwordHash: "x").load()
            let forms = try await CaseReportFormRecord.query(on: db.database).filter(\.$form == CaseReportForm.adverseEvents.rawValue).all()
            let now = db.store.now()
            var sawAcknowledged = false
            var sawOpen = false
            for scope in [SiteScope.allSites, .site("960"), .site("961"), .site("999")] {
                for includeAcknowledged in [false, true] {
                    let expected = try forms.compactMap { record -> String? in
                        guard scope.siteCode == nil || scope.siteCode == record.siteCode, case .adverseEvent(let event) = try record.entry(),
                              let alert = SeriousEventAlert(participantId: record.participantID, formId: record.auditEntityID, event: event,
                                                            enteredAt: UTCTimestamp.date(from: record.createdAt) ?? now, acknowledgedBy: record.acknowledgedBy,
                                                            acknowledgedAt: record.acknowledgedAt.flatMap(UTCTimestamp.date(from:)), now: now),
                              includeAcknowledged || alert.isOpen else { return nil }
                        if alert.acknowledgedBy != nil { sawAcknowledged = true } else { sawOpen = true }
                        return alert.formId
                    }
                    let listed = try await SeriousEventAlertService(store: db.store).alerts(scope: scope, includeAcknowledged: includeAcknowledged)
                    #expect(Set(listed.map(\.formId)) == Set(expected) && listed.count == expected.count, "\(scope) \(includeAcknowledged)")
                }
            }
            #expect(sawAcknowledged && sawOpen, "the demo has open and acknowledged serious events")
        }
    }
}
