import FluentKit
import Foundation
import Testing
import TrialCore
import TrialStudyFile
import TrialTestFixtures
@testable import TrialStore

/// The CDISC ODM 1.3.2 export and import on a small two-site demo study: every saved form's values are in the
/// file with an audit record, one site's file holds that site alone, and export, import into a new database
/// and export again give the same clinical data. Where Python has lxml and odmlib, every file is also checked
/// against the official schema (tools/check-odm.py); `swift test` never needs Python.
@Suite(.serialized) struct OperationalDataModelTests {
    static let cutoff = CalendarDate(iso8601: "2026-11-25")!
    static let labels = OperationalDataModelLabels(english: ["form.baseline": "Baseline <&> \"form\""], chinese: ["form.baseline": "基线"])

    static func demo(_ db: StoreTestDatabase, participants: Int = 10) async throws -> StudyRepository.InstalledStudy {
        _ = try await DemoTrialLoader(database: db.database, seed: 11, participants: participants, sites: 2, today: cutoff,
                                      timeZone: TimeZone(identifier: "Asia/Shanghai")!, passwordHash: "x").load()
        return try #require(try await StudyRepository(store: db.store).current())
    }

    static func clinicalData(_ document: String) -> Substring {
        guard let start = document.range(of: "<ClinicalData"), let end = document.range(of: "</ClinicalData>") else { return "" }
        return document[start.lowerBound..<end.upperBound]
    }

    static func root(_ document: String) throws -> XMLElementTree {
        switch XMLElementTree.parse(Data(document.utf8)) {
        case .success(let root): return root
        case .failure(let error): throw ValidationFailure(field: "xml", message: "line \(error.line): \(error.message)")
        }
    }

    static func descendants(_ element: XMLElementTree, named name: String) -> [XMLElementTree] {
        element.children.flatMap { ($0.name == name ? [$0] : []) + descendants($0, named: name) }
    }

    @Test func every_saved_form_reads_into_items_and_back_to_the_same_json() async throws {
        try await withStoreDatabase { db in
            _ = try await Self.demo(db, participants: 8)
            let records = try await CaseReportFormRecord.read(on: db.database)
            #expect(Set(records.compactMap(\.kind)).count >= 6)
            for record in records {
                let kind = try #require(record.kind)
                let rows = try CaseReportFormItems.rows(of: kind, json: record.payloadJSON)
                let entry = try CaseReportEntry.decode(kind: kind, json: try CaseReportFormItems.formJSON(of: kind, rows: rows))
                #expect(try entry.canonicalJSON() == record.payloadJSON, "\(kind.rawValue) \(record.auditEntityID)")
            }
        }
    }

    @Test func a_reader_bound_to_a_site_gets_that_sites_file_and_no_other() throws {
        #expect(try OperationalDataModelOptions(metadataOnly: false, requestedSite: nil, history: false, scope: .site("960")).siteCode == "960")
        #expect(try OperationalDataModelOptions(metadataOnly: false, requestedSite: "961", history: true, scope: .allSites).siteCode == "961")
        #expect(try OperationalDataModelOptions(metadataOnly: false, requestedSite: nil, history: false, scope: .allSites).siteCode == nil)
        #expect(throws: StoreError.self) {
            _ = try OperationalDataModelOptions(metadataOnly: false, requestedSite: "961", history: false, scope: .site("960"))
        }
    }

    @Test func a_key_the_description_does_not_know_is_refused_by_name() throws {
        #expect(throws: ValidationFailure.self) {
            _ = try CaseReportFormItems.rows(of: .death, json: #"{"date":"2026-01-02","cause":"other","mood":"calm"}"#)
        }
        do {
            _ = try CaseReportFormItems.rows(of: .death, json: #"{"date":"2026-01-02","cause":"other","mood":"calm"}"#)
        } catch let failure as ValidationFailure {
            #expect(failure.errors.first?.field == "mood")
        }
        // A number item never becomes JSON structure.
        #expect(throws: ValidationFailure.self) {
            _ = try CaseReportFormItems.formJSON(of: .qlqC30, rows: [FormItemRow(groupPath: "", repeatKey: nil, values: ["answers.q1": "1}, \"x\": {"])])
        }
    }

    @Test func the_snapshot_holds_every_value_with_its_audit_record_and_the_metadata_in_both_languages() async throws {
        try await withStoreDatabase { db in
            let installed = try await Self.demo(db)
            let writer = OperationalDataModelWriter(store: db.store, study: installed.definition, labels: Self.labels)
            let snapshot = try await writer.document(OperationalDataModelOptions())
            let root = try Self.root(snapshot)
            #expect(root["FileType"] == "Snapshot")
            #expect(snapshot.contains("Name=\"Baseline &lt;&amp;&gt; &quot;form&quot;\""))
            #expect(snapshot.contains("<TranslatedText xml:lang=\"zh\">基线</TranslatedText>"))

            let records = try await CaseReportFormRecord.read(on: db.database)
            var expectedValues = 0
            for record in records {
                let rows = try CaseReportFormItems.rows(of: try #require(record.kind), json: record.payloadJSON)
                expectedValues += rows.reduce(0) { $0 + $1.values.count }
            }
            let formData = Self.descendants(root, named: "FormData").filter { $0["FormOID"] != "F.enrolment" }
            #expect(formData.count == records.count)
            let items = formData.flatMap { Self.descendants($0, named: "ItemData") }
            #expect(items.count == expectedValues)
            #expect(items.allSatisfy { $0.child("AuditRecord")?.child("DateTimeStamp") != nil })
            let participants = try await ParticipantRecord.query(on: db.database).count()
            #expect(Self.descendants(root, named: "SubjectData").count == participants)
            // Repeating groups for the lesions and the treated lesions.
            #expect(snapshot.contains("<ItemGroupDef OID=\"IG.baseline.lesions\" Name=\"baseline.lesions\" Repeating=\"Yes\">"))
            #expect(snapshot.contains("<ItemGroupDef OID=\"IG.tumourAssessment.treatedLesions\" Name=\"tumourAssessment.treatedLesions\" Repeating=\"Yes\">"))
            // Signed casebooks carry the investigator's signature.
            let signed = try await ParticipantRecord.query(on: db.database).filter(\.$signedBy != nil).count()
            #expect(Self.descendants(root, named: "Signature").count == signed)
        }
    }

    @Test func one_sites_file_holds_that_site_alone_and_metadata_only_holds_no_data() async throws {
        try await withStoreDatabase { db in
            let installed = try await Self.demo(db)
            let writer = OperationalDataModelWriter(store: db.store, study: installed.definition, labels: Self.labels)
            let site = try await writer.document(OperationalDataModelOptions(siteCode: "961"))
            let subjects = Self.descendants(try Self.root(site), named: "SubjectData")
            let atSite = try await ParticipantRecord.query(on: db.database).filter(\.$siteCode == "961").count()
            #expect(subjects.count == atSite)
            #expect(atSite > 0)
            #expect(subjects.allSatisfy { $0.child("SiteRef")?["LocationOID"] == "LOC.961" })
            let metadata = try await writer.document(OperationalDataModelOptions(metadataOnly: true))
            #expect(!metadata.contains("<ClinicalData"))
            #expect(!metadata.contains("<AdminData"))
            #expect(metadata.contains("<ItemDef OID=\"IT.baseline.lesions.sizeMm\""))
            await #expect(throws: ValidationFailure.self) {
                _ = try await writer.document(OperationalDataModelOptions(siteCode: "999"))
            }
        }
    }

    @Test func export_import_export_gives_the_same_clinical_data_and_the_chain_verifies() async throws {
        try await withStoreDatabase { source in
            let installed = try await Self.demo(source)
            let writer = OperationalDataModelWriter(store: source.store, study: installed.definition, labels: Self.labels)
            let history = try await writer.document(OperationalDataModelOptions(history: true))
            let snapshot = try await writer.document(OperationalDataModelOptions())
            #expect(history.contains("TransactionType=\"Update\""), "the demo corrects forms, so the history has updates")
            try await withStoreDatabase { target in
                let study = try await StudyRepository(store: target.store).installIfNeeded(yaml: installed.yaml, source: "test")
                let importer = OperationalDataModelImporter(store: target.store, study: study.definition, actor: .commandLine("tester"))
                let summary = try await importer.importFile(Data(history.utf8), fileName: "demo-history.xml")
                #expect(summary.participants == (try await ParticipantRecord.query(on: source.database).count()))
                #expect(summary.forms == (try await CaseReportFormRecord.query(on: source.database).count()))
                let again = OperationalDataModelWriter(store: target.store, study: study.definition, labels: Self.labels)
                #expect(Self.clinicalData(try await again.document(OperationalDataModelOptions(history: true))) == Self.clinicalData(history))
                #expect(Self.clinicalData(try await again.document(OperationalDataModelOptions())) == Self.clinicalData(snapshot))
                #expect(try await AuditVerifier(database: target.database).verify().isIntact)
                // Every imported change names the file and its original audit record.
                let imported = try await AuditEventRecord.query(on: target.database).filter(\.$action == "import-baseline").all()
                #expect(!imported.isEmpty)
                #expect(imported.allSatisfy { ($0.reason ?? "").hasPrefix("imported from ODM file demo-history.xml; original AuditRecord {") })
                // The same casebooks.
                let service = CaseReportService(store: source.store, study: installed.definition, dictionary: try CtcaeDictionary.bundled())
                let copy = CaseReportService(store: target.store, study: study.definition, dictionary: try CtcaeDictionary.bundled())
                for participant in try await ParticipantRecord.query(on: source.database).all() {
                    let (_, original) = try await service.casebook(participantID: participant.participantID)
                    let (importedParticipant, recreated) = try await copy.casebook(participantID: participant.participantID)
                    #expect(original == recreated)
                    #expect(importedParticipant.arm == participant.arm)
                    #expect(importedParticipant.signedBy == participant.signedBy)
                }
                // A second import into the same database is refused.
                await #expect(throws: ValidationFailure.self) {
                    _ = try await importer.importFile(Data(history.utf8), fileName: "demo-history.xml")
                }
            }
        }
    }

    @Test func a_file_whose_metadata_differ_is_refused_naming_the_first_mismatching_oid() async throws {
        try await withStoreDatabase { source in
            let installed = try await Self.demo(source, participants: 2)
            let writer = OperationalDataModelWriter(store: source.store, study: installed.definition, labels: Self.labels)
            let history = try await writer.document(OperationalDataModelOptions(history: true))
            let changed = history.replacingOccurrences(of: "<ItemDef OID=\"IT.baseline.ecog\" Name=\"ecog\" DataType=\"integer\">",
                                                       with: "<ItemDef OID=\"IT.baseline.ecog\" Name=\"ecog\" DataType=\"text\">")
            #expect(changed != history)
            try await withStoreDatabase { target in
                let study = try await StudyRepository(store: target.store).installIfNeeded(yaml: installed.yaml, source: "test")
                let importer = OperationalDataModelImporter(store: target.store, study: study.definition, actor: .commandLine("tester"))
                do {
                    _ = try await importer.importFile(Data(changed.utf8), fileName: "changed.xml")
                    Issue.record("a file with other metadata was imported")
                } catch let failure as ValidationFailure {
                    #expect(failure.errors.first?.message.contains("IT.baseline.ecog") == true, "\(failure.errors)")
                }
                let snapshot = try await writer.document(OperationalDataModelOptions())
                await #expect(throws: ValidationFailure.self) {
                    _ = try await importer.importFile(Data(snapshot.utf8), fileName: "snapshot.xml")
                }
                #expect(try await ParticipantRecord.query(on: target.database).count() == 0)
            }
        }
    }

    @Test(.enabled("needs python3 with lxml and odmlib (pip install odmlib lxml)") { await ChildProcess.pythonCanImport(["lxml", "odmlib"]) })
    func every_kind_of_export_is_valid_against_the_official_schema_and_loads_in_odmlib() async throws {
        try await withStoreDatabase { db in
            let installed = try await Self.demo(db)
            let writer = OperationalDataModelWriter(store: db.store, study: installed.definition, labels: Self.labels)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("odm-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var paths: [String] = []
            for (name, options) in [("snapshot", OperationalDataModelOptions()), ("history", OperationalDataModelOptions(history: true)),
                                    ("metadata", OperationalDataModelOptions(metadataOnly: true)), ("site", OperationalDataModelOptions(siteCode: "960", history: true))] {
                let url = folder.appendingPathComponent("\(name).xml")
                try Data(try await writer.document(options).utf8).write(to: url)
                paths.append(url.path)
            }
            let run = try await OfficialODMSchema.check(paths)
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.components(separatedBy: "valid ODM 1.3.2").count == 5, "\(run.output)")
            // The checker fails a file the schema refuses.
            let broken = folder.appendingPathComponent("broken.xml")
            try Data(try await writer.document(OperationalDataModelOptions()).replacingOccurrences(of: "<GlobalVariables>", with: "<GlobalVariables><Oops/>").utf8).write(to: broken)
            #expect(try await OfficialODMSchema.check([broken.path]).status == 1)
        }
    }
}

/// tools/check-odm.py, run where Python has lxml and odmlib.
enum OfficialODMSchema {
    static var checker: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tools/check-odm.py")
    }

    static func check(_ paths: [String]) async throws -> ChildProcess.Outcome {
        try await ChildProcess.python([checker.path] + paths)
    }
}
