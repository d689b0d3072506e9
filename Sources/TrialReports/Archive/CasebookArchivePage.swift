import Foundation

/// Every word the archived casebook and its index print, in English and Simplified Chinese; a test holds
/// both dictionaries complete.
public enum ArchiveText: String, CaseIterable, Sendable {
    case casebook, participant, site, enrolled, randomized, arm, stratum, locked, notLocked, signature, notSigned
    case signedBy, meaning, forms, form, recordID, created, field, value, verified, notVerified, history
    case sequence, time, user, role, action, change, oldValue, newValue, reason, noReason, correction, entry
    case queries, noQueries, question, status, openedBy, answer, answeredBy, noForms, none
    case participantHistory, siteArchive, contents, auditTrail, studyDefinition, manifest, otherLanguage
    case archivedAt, readMe

    static let english: [ArchiveText: String] = [
        .casebook: "Casebook", .participant: "Participant", .site: "Site", .enrolled: "Enrolled", .randomized: "Randomized",
        .arm: "Arm", .stratum: "Stratum", .locked: "Locked by", .notLocked: "Not locked", .signature: "Investigator signature",
        .notSigned: "Not signed", .signedBy: "Signed by", .meaning: "Meaning of the signature", .forms: "Forms", .form: "Form",
        .recordID: "Record ID", .created: "Created", .field: "Field", .value: "Value as saved",
        .verified: "Source data verified by", .notVerified: "Source data not verified", .history: "History",
        .sequence: "Audit event", .time: "Time (UTC)", .user: "User", .role: "Role", .action: "Action", .change: "Field",
        .oldValue: "Old value", .newValue: "New value", .reason: "Reason", .noReason: "(none)", .correction: "change of a saved value",
        .entry: "first entry", .queries: "Queries", .noQueries: "No queries.", .question: "Question", .status: "Status",
        .openedBy: "Opened by", .answer: "Answer", .answeredBy: "Answered by", .noForms: "No forms saved.", .none: "-",
        .participantHistory: "Enrollment, randomization, locks and signatures", .siteArchive: "Site archive",
        .contents: "Contents", .auditTrail: "Audit trail of the site (CSV for a spreadsheet, JSON)",
        .studyDefinition: "Study definition", .manifest: "Manifest: SHA-256 of every file",
        .otherLanguage: "中文版", .archivedAt: "Archived at",
        .readMe: "This archive opens in any web browser; it needs no TrialDesk. Check each file against the manifest with sha256sum -c manifest.sha256, and the audit trail with trialdesk audit verify --export.",
    ]

    static let simplifiedChinese: [ArchiveText: String] = [
        .casebook: "病例报告集", .participant: "受试者", .site: "中心", .enrolled: "入组日期", .randomized: "随机日期",
        .arm: "组别", .stratum: "分层", .locked: "锁定人", .notLocked: "未锁定", .signature: "研究者签名",
        .notSigned: "未签名", .signedBy: "签名人", .meaning: "签名含义", .forms: "表单", .form: "表单",
        .recordID: "记录编号", .created: "创建时间", .field: "字段", .value: "保存的值",
        .verified: "源数据核查人", .notVerified: "源数据未核查", .history: "修改记录",
        .sequence: "稽查事件", .time: "时间（UTC）", .user: "用户", .role: "角色", .action: "操作", .change: "字段",
        .oldValue: "原值", .newValue: "新值", .reason: "原因", .noReason: "（无）", .correction: "修改已保存的值",
        .entry: "首次录入", .queries: "质疑", .noQueries: "无质疑。", .question: "问题", .status: "状态",
        .openedBy: "提出人", .answer: "回复", .answeredBy: "回复人", .noForms: "尚无保存的表单。", .none: "-",
        .participantHistory: "入组、随机、锁定和签名", .siteArchive: "中心存档",
        .contents: "目录", .auditTrail: "本中心的稽查轨迹（CSV 供电子表格使用，及 JSON）",
        .studyDefinition: "研究定义", .manifest: "清单：每个文件的 SHA-256",
        .otherLanguage: "English", .archivedAt: "存档时间",
        .readMe: "本存档可在任何网页浏览器中打开，无需 TrialDesk。可用 sha256sum -c manifest.sha256 核对每个文件，用 trialdesk audit verify --export 核查稽查轨迹。",
    ]

    public static func dictionary(_ language: ReportLanguage) -> [ArchiveText: String] {
        language == .english ? english : simplifiedChinese
    }
}

/// A participant's casebook as one printable HTML page that needs nothing beyond itself: no script, no
/// style sheet or image from elsewhere, no link outside the archive.
public struct CasebookArchivePage: Sendable {
    public let casebook: ArchivedCasebook
    public let studyTitle: String
    public let language: ReportLanguage
    /// The file name of the same casebook in the other language, beside this one.
    public let otherLanguageFile: String

    public init(casebook: ArchivedCasebook, studyTitle: String, language: ReportLanguage, otherLanguageFile: String) {
        self.casebook = casebook
        self.studyTitle = studyTitle
        self.language = language
        self.otherLanguageFile = otherLanguageFile
    }

    static func escape(_ text: String) -> String { ReportFormat.html(text) }

    func word(_ key: ArchiveText) -> String { ArchiveText.dictionary(language)[key] ?? key.rawValue }

    static let style = """
    body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif; margin: 2em; color: #222; }
    table { border-collapse: collapse; margin: 0.4em 0 1.2em; width: 100%; }
    th, td { border: 1px solid #bbb; padding: 0.2em 0.45em; text-align: left; vertical-align: top; font-size: 0.88em; }
    th { background: #eef1f5; }
    td.value { white-space: pre-wrap; word-break: break-word; font-family: ui-monospace, monospace; }
    .correction { background: #fff4d6; }
    h2 { border-bottom: 2px solid #456; margin-top: 1.6em; }
    section.form { break-inside: avoid-page; }
    @media print { a { color: inherit; text-decoration: none; } nav { display: none; } }
    """

    public func html() -> String {
        let book = casebook
        var page = """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <title>\(word(.casebook)) \(Self.escape(book.participantID))</title>
        <style>
        \(Self.style)
        </style>
        </head>
        <body>
        <nav><a href="\(Self.escape(otherLanguageFile))">\(word(.otherLanguage))</a> · <a href="../index.\(language.rawValue).html">\(word(.contents))</a></nav>
        <h1>\(word(.casebook)) \(Self.escape(book.participantID))</h1>
        <p>\(Self.escape(studyTitle))</p>
        <table>
        <tr><th>\(word(.participant))</th><td>\(Self.escape(book.participantID))</td><th>\(word(.site))</th><td>\(Self.escape(book.siteCode))</td></tr>
        <tr><th>\(word(.enrolled))</th><td>\(Self.escape(book.enrolledOn))</td><th>\(word(.randomized))</th><td>\(Self.escape(book.randomizedOn ?? word(.none)))</td></tr>
        <tr><th>\(word(.arm))</th><td>\(Self.escape(book.arm ?? word(.none)))</td><th>\(word(.stratum))</th><td>\(Self.escape(book.stratum ?? word(.none)))</td></tr>
        <tr><th>\(word(.locked))</th><td>\(Self.escape(book.lockedBy ?? word(.notLocked)))</td><th>\(word(.signature))</th><td>\(signature)</td></tr>
        </table>

        """
        page += "<h2>\(word(.participantHistory))</h2>\n" + history(book.history)
        page += "<h2>\(word(.forms))</h2>\n"
        if book.forms.isEmpty { page += "<p>\(word(.noForms))</p>\n" }
        for form in book.forms {
            page += "<section class=\"form\" id=\"form-\(Self.escape(form.id))\">\n"
            page += "<h3>\(word(.form)): \(Self.escape(form.kind))</h3>\n"
            page += "<p>\(word(.recordID)) <code>\(Self.escape(form.id))</code> · \(word(.created)) \(Self.escape(form.createdAt)) · "
            page += form.verifiedBy.map { "\(word(.verified)) \(Self.escape($0)) \(Self.escape(form.verifiedAt ?? ""))" } ?? word(.notVerified)
            page += " · " + (form.lockedBy.map { "\(word(.locked)) \(Self.escape($0))" } ?? word(.notLocked)) + "</p>\n"
            page += "<table><tr><th>\(word(.field))</th><th>\(word(.value))</th></tr>\n"
            for field in form.fields {
                page += "<tr><td>\(Self.escape(field.name))</td><td class=\"value\">\(Self.escape(field.value))</td></tr>\n"
            }
            page += "</table>\n<h4>\(word(.history))</h4>\n" + history(form.history) + "</section>\n"
        }
        page += "<h2>\(word(.queries))</h2>\n"
        if book.queries.isEmpty { page += "<p>\(word(.noQueries))</p>\n" }
        for query in book.queries {
            page += "<table>\n"
            page += "<tr><th>\(word(.field))</th><td>\(Self.escape(query.field))\(query.formID.map { " (<a href=\"#form-\(Self.escape($0))\">\(Self.escape($0))</a>)" } ?? "")</td></tr>\n"
            page += "<tr><th>\(word(.question))</th><td>\(Self.escape(query.text))</td></tr>\n"
            page += "<tr><th>\(word(.openedBy))</th><td>\(Self.escape(query.openedBy)) \(Self.escape(query.openedAt))</td></tr>\n"
            page += "<tr><th>\(word(.answer))</th><td>\(Self.escape(query.answer ?? word(.none)))</td></tr>\n"
            page += "<tr><th>\(word(.answeredBy))</th><td>\(Self.escape(query.answeredBy ?? word(.none)))</td></tr>\n"
            page += "<tr><th>\(word(.status))</th><td>\(Self.escape(query.status))</td></tr>\n"
            page += "</table>\n" + history(query.history)
        }
        page += "</body>\n</html>\n"
        return page
    }

    var signature: String {
        guard let signature = casebook.signature else { return word(.notSigned) }
        return "\(word(.signedBy)) \(Self.escape(signature.signedBy)), \(Self.escape(signature.signedAt)); \(word(.meaning)): \(Self.escape(signature.meaning))"
    }

    /// The events of one record, each changed field on its own row; corrections (a saved value changed)
    /// are marked, with their reason.
    func history(_ events: [ArchivedEvent]) -> String {
        var out = "<table><tr><th>\(word(.sequence))</th><th>\(word(.time))</th><th>\(word(.user))</th><th>\(word(.role))</th><th>\(word(.action))</th>"
            + "<th>\(word(.change))</th><th>\(word(.oldValue))</th><th>\(word(.newValue))</th><th>\(word(.reason))</th></tr>\n"
        for event in events {
            let rows = event.changes.isEmpty ? [ArchivedEvent.Change(field: "", old: nil, new: nil)] : event.changes
            let kind = event.isCorrection ? word(.correction) : word(.entry)
            for change in rows {
                out += "<tr\(change.old != nil ? " class=\"correction\"" : "")><td>\(event.sequence)</td><td>\(Self.escape(event.occurredAt))</td>"
                    + "<td>\(Self.escape(event.user))</td><td>\(Self.escape(event.role))</td><td>\(Self.escape(event.action)) (\(kind))</td>"
                    + "<td>\(Self.escape(change.field))</td><td class=\"value\">\(Self.escape(change.old ?? ""))</td>"
                    + "<td class=\"value\">\(Self.escape(change.new ?? ""))</td><td>\(Self.escape(event.reason ?? word(.noReason)))</td></tr>\n"
            }
        }
        return out + "</table>\n"
    }
}

/// The archive's front page in one language: what it holds, with a link to each casebook and file.
public struct SiteArchiveIndexPage: Sendable {
    public struct Entry: Sendable, Hashable {
        public var title: String
        public var file: String

        public init(title: String, file: String) {
            self.title = title
            self.file = file
        }
    }

    public let siteCode: String
    public let studyTitle: String
    public let archivedAt: String
    public let language: ReportLanguage
    public let casebooks: [Entry]
    public let auditTrail: [Entry]
    public let studyDefinitions: [Entry]
    public let otherFiles: [Entry]

    public init(siteCode: String, studyTitle: String, archivedAt: String, language: ReportLanguage, casebooks: [Entry], auditTrail: [Entry],
                studyDefinitions: [Entry], otherFiles: [Entry]) {
        self.siteCode = siteCode
        self.studyTitle = studyTitle
        self.archivedAt = archivedAt
        self.language = language
        self.casebooks = casebooks
        self.auditTrail = auditTrail
        self.studyDefinitions = studyDefinitions
        self.otherFiles = otherFiles
    }

    public func html() -> String {
        func word(_ key: ArchiveText) -> String { ArchiveText.dictionary(language)[key] ?? key.rawValue }
        func list(_ entries: [Entry]) -> String {
            "<ul>\n" + entries.map { "<li><a href=\"\(ReportFormat.html($0.file))\">\(ReportFormat.html($0.title))</a></li>\n" }.joined() + "</ul>\n"
        }
        let other = language == .english ? ReportLanguage.simplifiedChinese : .english
        return """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <title>\(word(.siteArchive)) \(ReportFormat.html(siteCode))</title>
        <style>
        \(CasebookArchivePage.style)
        </style>
        </head>
        <body>
        <nav><a href="index.\(other.rawValue).html">\(word(.otherLanguage))</a></nav>
        <h1>\(word(.siteArchive)) \(ReportFormat.html(siteCode))</h1>
        <p>\(ReportFormat.html(studyTitle))</p>
        <p>\(word(.archivedAt)) \(ReportFormat.html(archivedAt)) UTC</p>
        <p>\(word(.readMe))</p>
        <h2>\(word(.casebook))</h2>
        \(list(casebooks))<h2>\(word(.auditTrail))</h2>
        \(list(auditTrail))<h2>\(word(.studyDefinition))</h2>
        \(list(studyDefinitions))<h2>\(word(.manifest))</h2>
        \(list(otherFiles))</body>
        </html>

        """
    }
}
