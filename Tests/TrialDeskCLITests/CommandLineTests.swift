import Foundation
import Testing

/// Every entry point of the command line, run as a user runs it: JSON on stdout, exit 2 with
/// `{"errors":[{"field","message"}]}` for invalid input.
@Suite struct CommandLineTests {
    private func errors(_ result: TrialDeskBinary.Result) -> [[String: String]] {
        ((result.json as? [String: Any])?["errors"] as? [[String: String]]) ?? []
    }

    @Test func recist_evaluate_computes_responses_and_rejects_bad_input_with_exit_2() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = """
        {"baseline":{"date":"2026-01-05","targets":[{"id":"T1","organ":"liver","nodal":false,"mm":40},{"id":"T2","organ":"lung","nodal":false,"mm":60}],"nonTargets":[]},
         "followUps":[{"date":"2026-03-02","targets":[{"id":"T1","mm":28},{"id":"T2","mm":42}],"nonTargets":[],"newLesions":"none"},
                      {"date":"2026-04-27","targets":[{"id":"T1","mm":40},{"id":"T2","mm":50}],"nonTargets":[],"newLesions":"none"}]}
        """
        let ok = try await TrialDeskBinary.run(["recist", "evaluate", try TrialDeskBinary.write(input, named: "r.json", in: folder)])
        #expect(ok.status == 0, "\(ok.stderr)")
        let body = try #require(ok.json as? [String: Any])
        let points = try #require(body["timepoints"] as? [[String: Any]])
        #expect(points.first?["overall"] as? String == "PR")
        // 90 mm over a nadir of 70 mm: +28.6% and +20 mm.
        #expect(points.last?["overall"] as? String == "PD")
        #expect(body["progressionDate"] as? String == "2026-04-27")

        let bad = try await TrialDeskBinary.run(["recist", "evaluate", try TrialDeskBinary.write(
            #"{"baseline":{"date":"2026-01-05","targets":[{"id":"T1","organ":"liver","nodal":false,"mm":-4}],"nonTargets":[]},"followUps":[]}"#,
            named: "bad.json", in: folder)])
        #expect(bad.status == 2)
        #expect(errors(bad).contains { $0["field"]?.contains("targets[0].mm") == true })
    }

    @Test func qlq_score_scores_scales_and_reports_out_of_range_items() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var answers = (1...28).map { "\"q\($0)\":1" }
        answers += ["\"q29\":7", "\"q30\":7"]
        let ok = try await TrialDeskBinary.run(["qlq", "score", try TrialDeskBinary.write("{\(answers.joined(separator: ","))}", named: "q.json", in: folder)])
        #expect(ok.status == 0, "\(ok.stderr)")
        let scores = try #require(ok.json as? [String: Any])
        #expect(scores["QL2"] as? Double == 100)
        #expect(scores["PF2"] as? Double == 100)
        #expect(scores["FA"] as? Double == 0)
        #expect(scores["SUMSC"] as? Double == 100)
        let bad = try await TrialDeskBinary.run(["qlq", "score", try TrialDeskBinary.write(#"{"q1":5}"#, named: "b.json", in: folder)])
        #expect(bad.status == 2)
        #expect(errors(bad).first?["field"] == "q1")
    }

    @Test func stats_km_reads_a_csv_and_names_the_column_of_bad_input() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = try TrialDeskBinary.write("time,status\n5,1\n8,0\n12,1\n20,1\n", named: "d.csv", in: folder)
        let ok = try await TrialDeskBinary.run(["stats", "km", "--csv", csv, "--time", "time", "--event", "status"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let group = try #require(((ok.json as? [String: Any])?["groups"] as? [[String: Any]])?.first)
        let table = try #require(group["table"] as? [[String: Any]])
        // S(5) = 3/4; S(12) = 3/4 * 1/2 (8 censored before 12); S(20) = 0.
        #expect(abs((table[0]["survival"] as? Double ?? 0) - 0.75) < 1e-12)
        #expect(abs((table.last?["survival"] as? Double ?? 1) - 0.0) < 1e-12)
        let missing = try await TrialDeskBinary.run(["stats", "km", "--csv", csv, "--time", "days", "--event", "status"])
        #expect(missing.status == 2)
        #expect((missing.stdout + missing.stderr).contains("days"))
    }

    @Test func endpoints_derive_applies_the_censoring_rules() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = """
        {"id":"960-0001","randomizationDate":"2026-01-01","baselineAssessment":true,
         "assessments":[{"date":"2026-02-26","response":"SD"},{"date":"2026-04-23","response":"PD"}],
         "deathDate":null,"lastKnownAliveDate":"2026-06-01","newTherapyStarts":[{"date":"2026-05-01","reason":"progression"}]}
        """
        let ok = try await TrialDeskBinary.run(["endpoints", "derive", try TrialDeskBinary.write(input, named: "p.json", in: folder)])
        #expect(ok.status == 0, "\(ok.stderr)")
        let derived = try #require((ok.json as? [[String: Any]])?.first ?? (ok.json as? [String: Any]))
        let pfs = try #require(derived["PFS"] as? [String: Any])
        #expect(pfs["days"] as? Int == 112)
        #expect(pfs["event"] as? Bool == true)
        let ttnt = try #require(derived["TTNT"] as? [String: Any])
        #expect(ttnt["days"] as? Int == 120)
    }

    @Test func endpoints_derive_counts_a_new_line_from_the_day_after_randomization() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The same participant twice: a line for a clinical decision on the randomization day, then on the day after.
        func participant(_ id: String, lineStart: String) -> String {
            """
            {"id":"\(id)","randomizationDate":"2026-01-01","baselineAssessment":true,
             "assessments":[{"date":"2026-02-26","response":"SD"}],
             "lastKnownAliveDate":"2026-06-01","newTherapyStarts":[{"date":"\(lineStart)","reason":"clinicalDecision"}]}
            """
        }
        let input = "[\(participant("960-0001", lineStart: "2026-01-01")),\(participant("960-0002", lineStart: "2026-01-02"))]"
        let run = try await TrialDeskBinary.run(["endpoints", "derive", try TrialDeskBinary.write(input, named: "p.json", in: folder)])
        #expect(run.status == 0, "\(run.stderr)")
        let derived = try #require(run.json as? [[String: Any]])
        let dayZero = try #require(derived.first?["TTNT"] as? [String: Any])
        #expect(dayZero["event"] as? Bool == false)
        #expect(dayZero["days"] as? Int == 151)
        #expect(dayZero["evntdesc"] as? String == "NO NEW LINE OF SYSTEMIC THERAPY AT LAST CONTACT")
        let dayOne = try #require(derived.last?["TTNT"] as? [String: Any])
        #expect(dayOne["event"] as? Bool == true)
        #expect(dayOne["days"] as? Int == 1)
    }

    @Test func study_check_accepts_the_default_study_and_names_line_field_and_rule_of_a_broken_one() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let yaml = try await TrialDeskBinary.run(["study", "default"]).stdout
        let good = try await TrialDeskBinary.run(["study", "check", try TrialDeskBinary.write(yaml, named: "s.yaml", in: folder)])
        #expect(good.status == 0, "\(good.stdout)")
        let broken = yaml.replacingOccurrences(of: "  I125: 1\n", with: "  I126: 1\n")
        let bad = try await TrialDeskBinary.run(["study", "check", try TrialDeskBinary.write(broken, named: "b.yaml", in: folder)])
        #expect(bad.status == 2)
        #expect((bad.stdout + bad.stderr).contains("I126"))
        #expect((bad.stdout + bad.stderr).contains("line"))
    }

    @Test func user_add_reads_the_password_from_stdin_and_the_audit_chain_verifies() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("t.sqlite").path
        let short = try await TrialDeskBinary.run(["user", "add", "admin", "--role", "administrator", "--db", db], stdin: "short\n")
        #expect(short.status == 2)
        #expect(errors(short).first?["field"] == "password")
        let added = try await TrialDeskBinary.run(["user", "add", "admin", "--role", "administrator", "--db", db], stdin: "a long enough password\n")
        #expect(added.status == 0, "\(added.stdout)\(added.stderr)")
        let role = try await TrialDeskBinary.run(["user", "add", "x", "--role", "wizard", "--db", db], stdin: "a long enough password\n")
        #expect(role.status == 2)
        let verify = try await TrialDeskBinary.run(["audit", "verify", "--db", db, "--json"])
        #expect(verify.status == 0, "\(verify.stdout)")
        let report = try await TrialDeskBinary.run(["randomization", "report", "--db", db, "--json"])
        #expect(report.status == 0, "\(report.stdout)\(report.stderr)")
    }

    @Test func accounts_are_listed_disabled_enabled_changed_and_reset_from_the_command_line() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("t.sqlite").path
        #expect(try await TrialDeskBinary.run(["user", "add", "coord", "--role", "coordinator", "--site", "960", "--db", db], stdin: "a long enough password\n").status == 0)
        let noReason = try await TrialDeskBinary.run(["user", "disable", "coord", "--reason", " ", "--db", db])
        #expect(noReason.status == 2)
        #expect(errors(noReason).first?["field"] == "reason")
        #expect(try await TrialDeskBinary.run(["user", "disable", "nobody", "--reason", "left", "--db", db]).status == 2)
        #expect(try await TrialDeskBinary.run(["user", "disable", "coord", "--reason", "left the study team", "--db", db]).status == 0)
        func listed() async throws -> [String: Any] {
            let list = try await TrialDeskBinary.run(["user", "list", "--json", "--db", db])
            return (list.json as? [[String: Any]])?.first { $0["username"] as? String == "coord" } ?? [:]
        }
        #expect(try await listed()["active"] as? Bool == false)
        #expect(try await TrialDeskBinary.run(["user", "enable", "coord", "--reason", "back", "--db", db]).status == 0)
        #expect(try await listed()["active"] as? Bool == true)
        #expect(try await TrialDeskBinary.run(["user", "set-role", "coord", "--role", "monitor", "--reason", "now monitors", "--db", db]).status == 0)
        #expect(try await listed()["role"] as? String == "monitor")
        #expect(try await listed()["site"] == nil, "no --site: every site")
        let protocolPassword = try await TrialDeskBinary.run(["user", "reset-password", "coord", "--reason", "forgotten", "--db", db], stdin: "I125-MULTIMET-P2 pw\n")
        #expect(protocolPassword.status == 2, "the protocol ID is no password")
        #expect(try await TrialDeskBinary.run(["user", "reset-password", "coord", "--reason", "forgotten", "--db", db], stdin: "a temporary password\n").status == 0)
        #expect(try await listed()["mustChangePassword"] as? Bool == true)
        let verify = try await TrialDeskBinary.run(["audit", "verify", "--db", db, "--json"])
        #expect(verify.status == 0, "every change is in the audit chain: \(verify.stdout)")
    }

    @Test func the_audit_key_signs_checkpoints_that_verify_holds_the_chain_to() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appendingPathComponent("audit.key").path
        let other = folder.appendingPathComponent("other.key").path
        let db = folder.appendingPathComponent("t.sqlite").path
        let exported = folder.appendingPathComponent("checkpoints.json").path
        #expect(try await TrialDeskBinary.run(["audit", "keygen", "--out", key]).status == 0)
        #expect(try await TrialDeskBinary.run(["audit", "keygen", "--out", key]).status == 2, "a key is never overwritten")
        #expect(try await TrialDeskBinary.run(["audit", "keygen", "--out", other]).status == 0)
        let unsigned = try await TrialDeskBinary.run(["user", "add", "admin", "--role", "administrator", "--db", db], stdin: "a long enough password\n")
        #expect(unsigned.status == 0)
        #expect(try await TrialDeskBinary.run(["audit", "verify", "--db", db]).stdout.contains("unsigned"))
        let signed = try await TrialDeskBinary.run(["user", "add", "coord", "--role", "coordinator", "--db", db], stdin: "a long enough password\n",
                                             environment: ["TRIALDESK_AUDIT_KEY_FILE": key])
        #expect(signed.status == 0, "\(signed.stderr)")
        let export = try await TrialDeskBinary.run(["audit", "checkpoint", "--db", db, "--export", exported], environment: ["TRIALDESK_AUDIT_KEY_FILE": key])
        #expect(export.status == 0, "\(export.stdout)\(export.stderr)")
        let held = try await TrialDeskBinary.run(["audit", "verify", "--db", db, "--checkpoints", exported, "--public-key", key + ".pub"])
        #expect(held.status == 0, "\(held.stdout)")
        #expect(held.stdout.contains("signed through event"))
        let wrongKey = try await TrialDeskBinary.run(["audit", "verify", "--db", db, "--public-key", other + ".pub"])
        #expect(wrongKey.status == 1, "checkpoints not signed by the trusted key are problems")
        #expect(try await TrialDeskBinary.run(["audit", "checkpoint", "--db", db]).status == 2, "no key, nothing to sign with")
    }

    @Test func randomization_simulate_reports_the_operating_characteristics() async throws {
        let result = try await TrialDeskBinary.run(["randomization", "simulate", "--scheme", "blocks", "--block-sizes", "4",
                                              "--strata", "1", "--n", "120", "--trials", "2000", "--seed", "1", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let body = try #require(result.json as? [String: Any])
        // Fixed blocks of 4 with 120 patients end on a block boundary: no imbalance at n.
        #expect(body["meanAbsImbalance"] as? Double == 0)
        let guess = try #require(body["correctGuessProbability"] as? Double)
        #expect(abs(guess - 17.0 / 24.0) < 0.01)
    }
}

@Suite struct DemoCommandTests {
    @Test func demo_creates_users_and_participants_that_audit_verify_accepts() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("demo.sqlite").path
        let weak = try await TrialDeskBinary.run(["demo", "--db", db, "--password", "short"])
        #expect(weak.status == 2)
        let made = try await TrialDeskBinary.run(["demo", "--db", db, "--password", "Demo-2026-trial", "--seed", "3", "--participants", "10",
                                            "--today", "2026-11-25", "--json"])
        #expect(made.status == 0, "\(made.stderr)")
        let summary = try #require(made.json as? [String: Any])
        #expect(summary["randomized"] as? Int == 10)
        let verify = try await TrialDeskBinary.run(["audit", "verify", "--db", db, "--json"])
        #expect(verify.status == 0, "\(verify.stdout)")
        let again = try await TrialDeskBinary.run(["demo", "--db", db, "--password", "Demo-2026-trial"])
        #expect(again.status == 2)
        // analyze names the field when the output folder is a file or the language is unknown.
        let file = try TrialDeskBinary.write("x", named: "not-a-folder", in: folder)
        let intoFile = try await TrialDeskBinary.run(["analyze", "--db", db, "--out", file, "--cutoff", "2026-11-25"])
        #expect(intoFile.status == 2)
        #expect(intoFile.stdout.contains("\"out\"") || intoFile.stderr.contains("\"out\""), "\(intoFile.stdout) \(intoFile.stderr)")
        let badLanguage = try await TrialDeskBinary.run(["analyze", "--db", db, "--out", folder.appendingPathComponent("r").path, "--lang", "fr"])
        #expect(badLanguage.status == 2)
        let written = try await TrialDeskBinary.run(["analyze", "--db", db, "--out", folder.appendingPathComponent("r").path, "--cutoff", "2026-11-25"])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("r/adam/adtte.xpt").path))
    }
}

@Suite struct StudyAmendCommandTests {
    /// Version 1.2 of the default study: the month-6 questionnaire window widened to 21 days after.
    static func amendment(from latest: String) -> String {
        latest.replacingOccurrences(of: "version: \"1.1\"\namendment:\n  amends: \"1.0\"", with: "version: \"1.2\"\namendment:\n  amends: \"1.1\"")
            .replacingOccurrences(of: "    day: 182\n    windowMinusDays: 14\n    windowPlusDays: 14", with: "    day: 182\n    windowMinusDays: 14\n    windowPlusDays: 21")
    }

    @Test func an_administrator_amends_the_study_after_a_dry_run_and_refusals_name_their_line() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("t.sqlite").path
        #expect(try await TrialDeskBinary.run(["user", "add", "admin", "--role", "administrator", "--db", db], stdin: "a long enough password\n").status == 0)
        #expect(try await TrialDeskBinary.run(["user", "add", "coord", "--role", "coordinator", "--site", "960", "--db", db], stdin: "a long enough password\n").status == 0)
        // A new installation of the default study is at version 1.1 (the shipped amendment); this amends 1.1.
        let file = try TrialDeskBinary.write(Self.amendment(from: try Self.shippedLatest()), named: "study-1.2.yaml", in: folder)

        let notAdmin = try await TrialDeskBinary.run(["study", "amend", file, "--reason", "wider window", "--username", "coord", "--db", db], stdin: "a long enough password\n")
        #expect(notAdmin.status == 2)
        #expect((notAdmin.stdout + notAdmin.stderr).contains("administrator"))

        let dryRun = try await TrialDeskBinary.run(["study", "amend", file, "--reason", "wider window", "--username", "admin", "--dry-run", "--db", db], stdin: "a long enough password\n")
        #expect(dryRun.status == 0, "\(dryRun.stdout)\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("Dry run") && dryRun.stdout.contains("~ QOL6") && dryRun.stdout.contains("window -14/+21"))

        let installed = try await TrialDeskBinary.run(["study", "amend", file, "--reason", "wider window", "--username", "admin", "--json", "--db", db], stdin: "a long enough password\n")
        #expect(installed.status == 0, "\(installed.stdout)\(installed.stderr)")
        #expect((installed.json as? [String: Any])?["version"] as? String == "1.2")
        #expect((installed.json as? [String: Any])?["ordinal"] as? Int == 3)

        let renamed = try TrialDeskBinary.write(Self.amendment(from: try Self.shippedLatest())
            .replacingOccurrences(of: "version: \"1.2\"\namendment:\n  amends: \"1.1\"", with: "version: \"1.3\"\namendment:\n  amends: \"1.2\"")
            .replacingOccurrences(of: "protocolId: I125-MULTIMET-P2", with: "protocolId: OTHER"), named: "other.yaml", in: folder)
        let refused = try await TrialDeskBinary.run(["study", "amend", renamed, "--reason", "rename", "--username", "admin", "--db", db], stdin: "a long enough password\n")
        #expect(refused.status == 2)
        #expect(refused.stdout.contains("line 9: protocolId:"), "\(refused.stdout)\(refused.stderr)")

        // The administrator extends the allocation lists; nothing printed names an arm.
        let extended = try await TrialDeskBinary.run(["randomization", "extend", "--length", "200", "--reason", "stratum fills faster", "--username", "admin", "--db", db],
                                               stdin: "a long enough password\n")
        #expect(extended.status == 0, "\(extended.stdout)\(extended.stderr)")
        #expect(extended.stdout.contains("200 slots per stratum") && !extended.stdout.contains("I125") && !extended.stdout.contains("SYS"))
        let verify = try await TrialDeskBinary.run(["audit", "verify", "--db", db, "--json"])
        #expect(verify.status == 0, "\(verify.stdout)")
    }

    /// The shipped version 1.1 file, as the package's resources hold it.
    static func shippedLatest() throws -> String {
        var folder = URL(fileURLWithPath: #filePath)
        while folder.lastPathComponent != "Tests" { folder.deleteLastPathComponent() }
        let url = folder.deletingLastPathComponent().appendingPathComponent("Sources/TrialStudyFile/Resources/default-study-1.1.yaml")
        return try String(contentsOf: url, encoding: .utf8)
    }
}
