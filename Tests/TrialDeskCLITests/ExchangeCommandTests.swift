import Crypto
import Foundation
import Testing

/// `trialdesk audit export`, `audit verify --export` and `trialdesk archive` on a small two-site demo, as a
/// data manager and a site run them.
@Suite(.serialized) struct ExchangeCommandTests {
    static func demo(in folder: URL) async throws -> String {
        let db = folder.appendingPathComponent("demo.sqlite").path
        let demo = try await TrialDeskBinary.run(["demo", "--db", db, "--password", "Demo-2026-trial", "--seed", "2", "--participants", "10",
                                           "--sites", "2", "--today", "2026-11-25"])
        #expect(demo.status == 0, "\(demo.stderr)")
        return db
    }

    @Test func an_exported_audit_trail_verifies_and_a_changed_value_in_it_fails() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try await Self.demo(in: folder)
        let csv = folder.appendingPathComponent("audit.csv").path
        let export = try await TrialDeskBinary.run(["audit", "export", "--format", "csv", "--db", db, "--out", csv])
        #expect(export.status == 0, "\(export.stderr)")
        let verify = try await TrialDeskBinary.run(["audit", "verify", "--export", csv])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(verify.stdout.contains("complete export"))

        // One value changed in the spreadsheet: the first reason in the file gets a letter more.
        var text = try String(contentsOfFile: csv, encoding: .utf8)
        let lines = text.components(separatedBy: "\r\n")
        let header = lines[0].replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: ",")
        let reasonColumn = try #require(header.firstIndex(of: "reason"))
        let target = try #require(lines.firstIndex { line in
            let cells = line.components(separatedBy: ",")
            return cells.first == "event" && cells.count == header.count && !cells[reasonColumn].isEmpty
        })
        var cells = lines[target].components(separatedBy: ",")
        cells[reasonColumn] += "x"
        var changed = lines
        changed[target] = cells.joined(separator: ",")
        text = changed.joined(separator: "\r\n")
        try text.write(toFile: csv, atomically: true, encoding: .utf8)
        let tampered = try await TrialDeskBinary.run(["audit", "verify", "--export", csv])
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("exported audit event \(cells[1]) "), "\(tampered.stdout)")

        // A filtered JSON export verifies as partial; a date that is not one is refused by field.
        let json = folder.appendingPathComponent("p.json").path
        #expect(try await TrialDeskBinary.run(["audit", "export", "--format", "json", "--site", "961", "--db", db, "--out", json]).status == 0)
        let partial = try await TrialDeskBinary.run(["audit", "verify", "--export", json])
        #expect(partial.status == 0, "\(partial.stdout)")
        #expect(partial.stdout.contains("partial export (site 961)"))
        let bad = try await TrialDeskBinary.run(["audit", "export", "--from", "yesterday", "--db", db])
        #expect(bad.status == 2)
        #expect(bad.stdout.contains("\"field\" : \"from\""))
    }

    @Test func a_site_archive_holds_every_casebook_in_both_languages_and_a_manifest_that_checks() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try await Self.demo(in: folder)
        let out = folder.appendingPathComponent("archive-961")
        let run = try await TrialDeskBinary.run(["archive", "--site", "961", "--out", out.path, "--db", db])
        #expect(run.status == 0, "\(run.stderr)\(run.stdout)")

        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any])
        let files = try #require(manifest["files"] as? [[String: Any]])
        // Every file but the manifests is listed, with its SHA-256, and nothing else is there.
        var written: [String] = []
        let enumerator = FileManager.default.enumerator(at: out, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            written.append(String(url.path.dropFirst(out.path.count + 1)))
        }
        #expect(Set(files.compactMap { $0["path"] as? String }) == Set(written).subtracting(["manifest.json", "manifest.sha256"]))
        for file in files {
            let path = try #require(file["path"] as? String)
            let data = try Data(contentsOf: out.appendingPathComponent(path))
            #expect(SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() == file["sha256"] as? String, "\(path)")
        }
        // Casebooks of site 961 only, in English and Chinese, self-contained.
        let casebooks = written.filter { $0.hasPrefix("casebooks/") }
        #expect(!casebooks.isEmpty)
        #expect(casebooks.allSatisfy { $0.hasPrefix("casebooks/961-") })
        #expect(casebooks.filter { $0.hasSuffix(".en.html") }.count == casebooks.filter { $0.hasSuffix(".zh-Hans.html") }.count)
        for page in casebooks + ["index.en.html", "index.zh-Hans.html"] {
            let html = try String(contentsOf: out.appendingPathComponent(page), encoding: .utf8)
            #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://") && !html.contains("src="), "\(page)")
        }
        let chinese = try String(contentsOf: out.appendingPathComponent(try #require(casebooks.first { $0.hasSuffix(".zh-Hans.html") })), encoding: .utf8)
        #expect(chinese.contains("病例报告集") && chinese.contains("修改记录"))
        // Every protocol version the trial ran under: the demo applies 1.1 part-way through enrollment.
        #expect(Set(written.filter { $0.hasPrefix("study/") }).count == 2)
        #expect(written.contains { $0.hasPrefix("study/") && $0.hasSuffix("-1.0.yaml") } && written.contains { $0.hasSuffix("-1.1.yaml") })
        // The site's ODM file: its full history, this site's participants only, linked from the index.
        #expect(written.contains("odm/odm-site-961.xml"))
        let odm = try String(contentsOf: out.appendingPathComponent("odm/odm-site-961.xml"), encoding: .utf8)
        #expect(odm.contains("FileType=\"Transactional\"") && odm.contains("SubjectKey=\"961-"))
        #expect(!odm.contains("SubjectKey=\"960-"))
        #expect(try String(contentsOf: out.appendingPathComponent("index.en.html"), encoding: .utf8).contains("odm/odm-site-961.xml"))
        // The site's audit trail verifies on its own, as a partial export.
        let verify = try await TrialDeskBinary.run(["audit", "verify", "--export", out.appendingPathComponent("audit-trail/audit-trail-site-961.csv").path])
        #expect(verify.status == 0, "\(verify.stdout)")
        // A second archive into the same folder is refused: the manifest must list every file in it.
        let again = try await TrialDeskBinary.run(["archive", "--site", "961", "--out", out.path, "--db", db])
        #expect(again.status == 2)
        let unknown = try await TrialDeskBinary.run(["archive", "--site", "999", "--out", folder.appendingPathComponent("x").path, "--db", db])
        #expect(unknown.status == 2)
        #expect(unknown.stdout.contains("not a site of the study"))
    }
}
