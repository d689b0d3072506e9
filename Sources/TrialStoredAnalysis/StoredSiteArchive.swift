import Crypto
import FluentKit
import Foundation
import TrialCore
import TrialReports
import TrialStore

/// The site's own complete copy of its participants' records at the end of the trial (ICH E6(R3) essential
/// records): for every participant of the site a casebook page in each page language, the site's audit-trail
/// export (CSV and JSON, verifiable with `trialdesk audit verify --export`), the study definition file as
/// installed, an index page per language, and a manifest with the SHA-256 of every file (`manifest.json`, and
/// `manifest.sha256` for `sha256sum -c`). Everything is built in memory here; `trialdesk archive` writes it.
public struct SiteArchive: Sendable {
    /// Files by their path inside the archive folder (forward slashes).
    public var files: [(path: String, data: Data)]
    public var participantCount: Int
    public var auditEventCount: Int

    /// The hook for the site's CDISC ODM file: given the database and the site code, the file's path in the
    /// archive (`odm/site-<CODE>.xml`) and its bytes. When TrialDesk writes ODM, `trialdesk archive` passes its
    /// site export here and the file joins the archive and the manifest. Until then nothing is passed and the
    /// archive holds no ODM file (never a placeholder).
    public typealias ODMFileSource = @Sendable (_ database: any Database, _ siteCode: String) async throws -> (path: String, data: Data)

    public static func build(database: any Database, siteCode: String, now: Date = Date(), odmFile: ODMFileSource? = nil) async throws -> SiteArchive {
        let store = TrialStore(database: database, now: { now })
        guard let installed = try await StudyRepository(store: store).current() else {
            throw ValidationFailure(field: "db", message: "no study is installed in this database: start the server once or run trialdesk demo")
        }
        let study = installed.definition
        guard study.sites.contains(where: { $0.code == siteCode }) else {
            throw ValidationFailure(field: "site", message: "'\(siteCode)' is not a site of the study; its sites are \(study.sites.map(\.code).joined(separator: ", "))")
        }
        let export = try await AuditTrailExporter(store: store).export(scope: .allSites, filter: AuditExportFilter(siteCode: siteCode), exportedBy: nil)
        let eventsByRecord = Dictionary(grouping: export.events, by: { "\($0.entityType)/\($0.entityID)" })
        func history(_ type: String, _ id: String) -> [ArchivedEvent] {
            (eventsByRecord["\(type)/\(id)"] ?? []).map { event in
                ArchivedEvent(sequence: event.sequence, occurredAt: event.occurredAt, user: event.user, role: event.role, action: event.action,
                              changes: event.changes.map { .init(field: $0.field, old: $0.old, new: $0.new) }, reason: event.reason)
            }
        }

        let participants = try await ParticipantRecord.query(on: database).filter(\.$siteCode == siteCode).sort(\.$participantID).all()
        var casebooks: [ArchivedCasebook] = []
        for participant in participants {
            let forms = try await CaseReportFormRecord.query(on: database).filter(\.$participantID == participant.participantID)
                .sort(\.$createdAt).all()
            let queries = try await DataQueryRecord.query(on: database).filter(\.$participantID == participant.participantID)
                .sort(\.$openedAt).all()
            let signature: ArchivedSignature? = participant.signedBy.map {
                ArchivedSignature(signedBy: $0, signedAt: participant.signedAt ?? "", meaning: participant.signatureMeaning ?? "")
            }
            casebooks.append(ArchivedCasebook(
                participantID: participant.participantID, siteCode: participant.siteCode, enrolledOn: participant.enrolledOn,
                randomizedOn: participant.randomizedOn, arm: participant.arm, stratum: participant.stratum, lockedBy: participant.lockedBy,
                signature: signature,
                forms: forms.map { form in
                    ArchivedForm(id: form.auditEntityID, kind: form.form, createdAt: form.createdAt, fields: Self.fields(of: form),
                                 verifiedBy: form.verifiedBy, verifiedAt: form.verifiedAt, lockedBy: form.lockedBy,
                                 history: history(CaseReportFormRecord.auditEntityType, form.auditEntityID))
                },
                queries: queries.map { query in
                    ArchivedQuery(id: query.auditEntityID, formID: query.formID, field: query.field, text: query.text, status: query.status,
                                  openedBy: query.openedBy, openedAt: query.openedAt, answer: query.answer, answeredBy: query.answeredBy,
                                  history: history(DataQueryRecord.auditEntityType, query.auditEntityID))
                },
                history: (history(ParticipantRecord.auditEntityType, participant.auditEntityID)
                    + history(ScreeningRecord.auditEntityType, participant.screeningID.uuidString.lowercased())).sorted { $0.sequence < $1.sequence }))
        }

        var files: [(path: String, data: Data)] = []
        let title = study.title.en
        var casebookEntries: [ReportLanguage: [SiteArchiveIndexPage.Entry]] = [:]
        for casebook in casebooks {
            for language in ReportLanguage.allCases {
                let other = language == .english ? ReportLanguage.simplifiedChinese : .english
                let name = "\(Self.fileSafe(casebook.participantID)).\(language.rawValue).html"
                let page = CasebookArchivePage(casebook: casebook, studyTitle: language == .english ? title : study.title.zhHans, language: language,
                                               otherLanguageFile: "\(Self.fileSafe(casebook.participantID)).\(other.rawValue).html")
                files.append(("casebooks/\(name)", Data(page.html().utf8)))
                casebookEntries[language, default: []].append(.init(title: casebook.participantID, file: "casebooks/\(name)"))
            }
        }
        let auditBase = "audit-trail/audit-trail-site-\(Self.fileSafe(siteCode))"
        files.append(("\(auditBase).csv", export.csv()))
        files.append(("\(auditBase).json", try export.json()))
        // Every version of the study definition the trial ran under (ICH E6 essential records: each protocol
        // version), with its effective date and the reason for the amendment.
        var studyDefinitions: [SiteArchiveIndexPage.Entry] = []
        let versions = try await StudyVersionRecord.query(on: database).sort(\.$ordinal).all()
        for version in versions {
            let file = "study/\(Self.fileSafe(version.protocolID))-\(Self.fileSafe(version.version)).yaml"
            files.append((file, Data(version.definitionYAML.utf8)))
            studyDefinitions.append(.init(title: "\(version.protocolID) \(version.version), in force from \(version.effectiveOn): \(version.reason) (SHA-256 \(version.definitionSHA256))",
                                          file: file))
        }
        if versions.isEmpty {
            let file = "study/\(Self.fileSafe(study.protocolId))-\(Self.fileSafe(study.version)).yaml"
            files.append((file, Data(installed.yaml.utf8)))
            studyDefinitions.append(.init(title: "\(study.protocolId) \(study.version) (SHA-256 \(installed.sha256))", file: file))
        }
        var odmPath: String?
        if let odmFile {
            let odm = try await odmFile(database, siteCode)
            files.append(odm)
            odmPath = odm.path
        }

        let archivedAt = UTCTimestamp.string(from: now)
        for language in ReportLanguage.allCases {
            let index = SiteArchiveIndexPage(
                siteCode: siteCode, studyTitle: language == .english ? title : study.title.zhHans, archivedAt: archivedAt, language: language,
                casebooks: casebookEntries[language] ?? [],
                auditTrail: [.init(title: "CSV", file: "\(auditBase).csv"), .init(title: "JSON", file: "\(auditBase).json")],
                studyDefinitions: studyDefinitions,
                otherFiles: (odmPath.map { [.init(title: "CDISC ODM 1.3.2", file: $0)] } ?? [])
                    + [.init(title: "manifest.json", file: "manifest.json"), .init(title: "manifest.sha256", file: "manifest.sha256")])
            files.append(("index.\(language.rawValue).html", Data(index.html().utf8)))
        }
        files += try Self.manifest(of: files, siteCode: siteCode, archivedAt: archivedAt, chainHead: export.chainHead)
        return SiteArchive(files: files, participantCount: casebooks.count, auditEventCount: export.events.count)
    }

    /// Each top-level field of the stored form as its JSON text, in name order: the values as saved.
    static func fields(of form: CaseReportFormRecord) -> [ArchivedField] {
        form.referenceAuditSnapshot.filter { $0.key.hasPrefix("form.") }
            .map { ArchivedField(name: String($0.key.dropFirst(5)), value: $0.value) }
            .sorted { $0.name < $1.name }
    }

    /// A participant ID, site code or version as a file name: letters, digits, `-`, `_` and `.`, anything else `_`.
    static func fileSafe(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") ? $0 : "_" })
    }

    public struct Manifest: Codable, Sendable {
        public struct File: Codable, Sendable {
            public var path: String
            public var bytes: Int
            public var sha256: String
        }

        public var format: String
        public var siteCode: String
        public var archivedAt: String
        public var auditChainHead: AuditTrailExport.ChainHead
        public var files: [File]
    }

    static func manifest(of files: [(path: String, data: Data)], siteCode: String, archivedAt: String,
                         chainHead: AuditTrailExport.ChainHead) throws -> [(path: String, data: Data)] {
        let entries = files.map { file in
            Manifest.File(path: file.path, bytes: file.data.count, sha256: SHA256.hash(data: file.data).map { String(format: "%02x", $0) }.joined())
        }.sorted { $0.path < $1.path }
        let manifest = Manifest(format: "trialdesk-site-archive-v1", siteCode: siteCode, archivedAt: archivedAt, auditChainHead: chainHead, files: entries)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let sums = entries.map { "\($0.sha256)  \($0.path)\n" }.joined()
        return [("manifest.json", try encoder.encode(manifest)), ("manifest.sha256", Data(sums.utf8))]
    }
}
