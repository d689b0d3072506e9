import Foundation
import Testing

/// `trialdesk export odm` and `trialdesk import odm` as a data manager runs them on a small demo study.
@Suite struct OperationalDataModelCommandTests {
    static func clinicalData(_ url: URL) throws -> Substring {
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let start = text.range(of: "<ClinicalData"), let end = text.range(of: "</ClinicalData>") else { return "" }
        return text[start.lowerBound..<end.upperBound]
    }

    @Test func export_import_export_gives_the_same_clinical_data_and_other_metadata_are_refused() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("demo.sqlite").path
        let demo = try await TrialDeskBinary.run(["demo", "--db", db, "--password", "Demo-2026-trial", "--seed", "3", "--participants", "6", "--today", "2026-11-25"])
        #expect(demo.status == 0, "\(demo.stderr)")
        let history = folder.appendingPathComponent("history.xml")
        let export = try await TrialDeskBinary.run(["export", "odm", "--db", db, "--out", history.path, "--history"])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("transactional history written to"))
        let copy = folder.appendingPathComponent("copy.sqlite").path
        let imported = try await TrialDeskBinary.run(["import", "odm", history.path, "--db", copy])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Imported 6 participants"))
        let again = folder.appendingPathComponent("again.xml")
        #expect(try await TrialDeskBinary.run(["export", "odm", "--db", copy, "--out", again.path, "--history"]).status == 0)
        #expect(try Self.clinicalData(again) == Self.clinicalData(history))
        #expect(!(try Self.clinicalData(history)).isEmpty)
        #expect(try await TrialDeskBinary.run(["audit", "verify", "--db", copy]).status == 0)

        // A code list that differs is named; nothing is written.
        let changed = folder.appendingPathComponent("changed.xml")
        try (try String(contentsOf: history, encoding: .utf8)).replacingOccurrences(of: "CodedValue=\"petCt\"", with: "CodedValue=\"PET\"")
            .write(to: changed, atomically: true, encoding: .utf8)
        let refused = try await TrialDeskBinary.run(["import", "odm", changed.path, "--db", folder.appendingPathComponent("other.sqlite").path])
        #expect(refused.status != 0)
        #expect(refused.stdout.contains("CL.modality differs") || refused.stderr.contains("CL.modality differs"), "\(refused.stdout) \(refused.stderr)")

        let unknownSite = try await TrialDeskBinary.run(["export", "odm", "--db", db, "--out", folder.appendingPathComponent("x.xml").path, "--site", "999"])
        #expect(unknownSite.status != 0)
        #expect((unknownSite.stdout + unknownSite.stderr).contains("999 is not a site of the study"))
    }
}
