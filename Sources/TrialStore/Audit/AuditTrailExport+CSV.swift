import Foundation

/// The audit-trail export as one CSV table an inspector opens in a spreadsheet: one row per changed field
/// of each event (an event without changed fields has one row with an empty field), after a few rows that
/// say what was exported and the chain head and checkpoints it can be held to. The `record` column names
/// each row's kind. Written as UTF-8 with a byte-order mark so that spreadsheets read Chinese text.
///
/// The `change` column says whether the field was `added` (no old value), `changed` or `removed` (no new
/// value): a spreadsheet cell cannot tell an empty value from none, and the hash can.
///
/// A cell a spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage
/// return: OWASP "CSV injection") gets a leading apostrophe, as the analysis CSV files do; so does a value
/// that itself begins with an apostrophe, so that reading drops exactly one and every value reads back as
/// recorded (the hashes depend on it). A plain number (`-1.5`) stays as it is.
extension AuditTrailExport {
    public static let csvColumns = [
        "record", "sequence", "occurred_at", "user", "role", "site", "action", "entity_type", "entity_id", "participant",
        "field", "change", "old_value", "new_value", "reason", "previous_hash", "hash", "public_key", "signature",
    ]

    private static let byteOrderMark = "\u{FEFF}"

    public func csv() -> Data {
        var lines: [[String]] = [Self.csvColumns]
        func row(_ values: [String: String]) -> [String] { Self.csvColumns.map { values[$0] ?? "" } }
        lines.append(row(["record": "export", "occurred_at": exportedAt, "user": exportedBy ?? "", "action": format]))
        if let participant = filter.participantID { lines.append(row(["record": "filter", "field": "participant", "new_value": participant])) }
        if let site = filter.siteCode { lines.append(row(["record": "filter", "field": "site", "new_value": site])) }
        if let from = filter.from { lines.append(row(["record": "filter", "field": "from", "new_value": from])) }
        lines.append(row(["record": "chain-head", "sequence": String(chainHead.sequence), "hash": chainHead.hash]))
        for checkpoint in checkpoints {
            lines.append(row(["record": "checkpoint", "sequence": String(checkpoint.sequence), "occurred_at": checkpoint.signedAt,
                              "hash": checkpoint.hash, "public_key": checkpoint.publicKey, "signature": checkpoint.signature]))
        }
        for event in events {
            var common: [String: String] = [
                "record": "event", "sequence": String(event.sequence), "occurred_at": event.occurredAt, "user": event.user,
                "role": event.role, "site": event.site ?? "", "action": event.action, "entity_type": event.entityType,
                "entity_id": event.entityID, "participant": event.participantID ?? "", "reason": event.reason ?? "",
                "previous_hash": event.previousHash, "hash": event.hash,
            ]
            if event.changes.isEmpty { lines.append(row(common)) }
            for change in event.changes {
                common["field"] = change.field
                common["change"] = change.old == nil ? "added" : change.new == nil ? "removed" : "changed"
                common["old_value"] = change.old ?? ""
                common["new_value"] = change.new ?? ""
                lines.append(row(common))
            }
        }
        var text = Self.byteOrderMark
        for line in lines {
            text += line.map { Self.csvField(Self.neutralized($0)) }.joined(separator: ",")
            text += "\r\n"
        }
        return Data(text.utf8)
    }

    static func neutralized(_ value: String) -> String {
        guard let first = value.unicodeScalars.first else { return value }
        if first == "'" { return "'" + value }
        guard "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        if Double(value) != nil, !value.contains(where: { $0.isLetter && $0 != "e" && $0 != "E" }) { return value }
        return "'" + value
    }

    /// The recorded value of a cell `neutralized` wrote.
    static func recorded(_ cell: String) -> String {
        cell.hasPrefix("'") ? String(cell.dropFirst()) : cell
    }

    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || value.first == " " || value.last == " " else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Reads an export back, as JSON or CSV (whichever the bytes are), naming the source and the problem
    /// when it is neither.
    public static func read(_ data: Data, source: String) throws -> AuditTrailExport {
        let text = String(decoding: data, as: UTF8.self)
        let trimmed = text.drop { $0 == "\u{FEFF}" || $0.isWhitespace }
        if trimmed.first == "{" {
            guard let export = try? JSONDecoder().decode(AuditTrailExport.self, from: data), export.format == formatName else {
                throw StoreError.invalidConfiguration("\(source) is not a TrialDesk audit-trail export (trialdesk audit export --format json)")
            }
            return export
        }
        return try readCSV(String(trimmed), source: source)
    }

    private static func readCSV(_ text: String, source: String) throws -> AuditTrailExport {
        func refuse(_ why: String) -> StoreError {
            StoreError.invalidConfiguration("\(source) is not a TrialDesk audit-trail export (trialdesk audit export --format csv): \(why)")
        }
        let table = CSVRows.parse(text)
        guard let header = table.first, header == csvColumns else { throw refuse("the first row is not its header") }
        var export: AuditTrailExport?
        var filter = AuditExportFilter()
        var head: ChainHead?
        var checkpoints: [AuditCheckpoint] = []
        var events: [AuditExportedEvent] = []
        for (index, cells) in table.dropFirst().enumerated() {
            let line = index + 2
            guard cells.count == csvColumns.count else { throw refuse("row \(line) has \(cells.count) cells, not \(csvColumns.count)") }
            let value = Dictionary(uniqueKeysWithValues: zip(csvColumns, cells.map(recorded)))
            func cell(_ name: String) -> String { value[name] ?? "" }
            func optional(_ name: String) -> String? { cell(name).isEmpty ? nil : cell(name) }
            func sequence() throws -> Int64 {
                guard let number = Int64(cell("sequence")) else { throw refuse("row \(line) has no sequence number") }
                return number
            }
            switch cell("record") {
            case "export":
                guard cell("action") == formatName else { throw refuse("row \(line) names format '\(cell("action"))'") }
                export = AuditTrailExport(exportedAt: cell("occurred_at"), exportedBy: optional("user"), filter: filter,
                                          chainHead: .init(sequence: 0, hash: ""), checkpoints: [], events: [])
            case "filter":
                switch cell("field") {
                case "participant": filter.participantID = cell("new_value")
                case "site": filter.siteCode = cell("new_value")
                case "from": filter.from = cell("new_value")
                default: throw refuse("row \(line) names an unknown filter '\(cell("field"))'")
                }
            case "chain-head":
                head = ChainHead(sequence: try sequence(), hash: cell("hash"))
            case "checkpoint":
                checkpoints.append(AuditCheckpoint(sequence: try sequence(), hash: cell("hash"), signedAt: cell("occurred_at"),
                                                   publicKey: cell("public_key"), signature: cell("signature")))
            case "event":
                let number = try sequence()
                var change: AuditFieldChange?
                if !cell("field").isEmpty {
                    switch cell("change") {
                    case "added": change = AuditFieldChange(field: cell("field"), old: nil, new: cell("new_value"))
                    case "removed": change = AuditFieldChange(field: cell("field"), old: cell("old_value"), new: nil)
                    case "changed": change = AuditFieldChange(field: cell("field"), old: cell("old_value"), new: cell("new_value"))
                    default: throw refuse("row \(line) has change '\(cell("change"))'; allowed: added, changed, removed")
                    }
                }
                // Rows of one event follow each other; each repeats the event's columns.
                if let last = events.last, last.sequence == number {
                    if let change { events[events.count - 1].changes.append(change) }
                    continue
                }
                events.append(AuditExportedEvent(
                    sequence: number, occurredAt: cell("occurred_at"), user: cell("user"), role: cell("role"), site: optional("site"),
                    action: cell("action"), entityType: cell("entity_type"), entityID: cell("entity_id"), participantID: optional("participant"),
                    changes: change.map { [$0] } ?? [], reason: optional("reason"), previousHash: cell("previous_hash"), hash: cell("hash")))
            default:
                throw refuse("row \(line) is of unknown kind '\(cell("record"))'")
            }
        }
        guard var result = export else { throw refuse("it has no export row") }
        guard let head else { throw refuse("it has no chain-head row") }
        result.filter = filter
        result.chainHead = head
        result.checkpoints = checkpoints
        result.events = events
        return result
    }
}

/// RFC 4180 CSV: fields separated by commas, rows by CRLF or LF, quoted fields with doubled quotes inside.
enum CSVRows {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        var fieldStarted = false
        while let scalar = pending {
            pending = iterator.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" { field.unicodeScalars.append("\""); pending = iterator.next() } else { quoted = false }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                quoted = true
                fieldStarted = true
            case ",":
                row.append(field)
                field = ""
                fieldStarted = true
            case "\r":
                continue
            case "\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                fieldStarted = false
            default:
                field.unicodeScalars.append(scalar)
                fieldStarted = true
            }
        }
        if fieldStarted || !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
