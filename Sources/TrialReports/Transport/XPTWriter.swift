import Foundation
import TrialCore

// SAS transport (XPORT) version 5, as SAS Technical Support document TS-140 describes it.
//
// The file is a sequence of 80-byte records; every multi-byte integer is big-endian, every text field
// is left-aligned and padded with blanks (0x20).
//
// Library (once per file):
//   1. "HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!" + 30 × "0" + 2 blanks
//   2. "SAS     " "SAS     " "SASLIB  " version[8] os[8] 24 blanks created[16]   (offsets 0, 8, 16, 24, 32, 40, 64)
//   3. modified[16] + 64 blanks
//   Datetimes are "ddMMMyy:hh:mm:ss", e.g. "05MAR26:14:07:09" (UTC here).
// Member (once per dataset):
//   1. "HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!000000000000000001600000000140  "
//      (140 = the namestr record length)
//   2. "HEADER RECORD*******DSCRPTR HEADER RECORD!!!!!!!" + 30 × "0" + 2 blanks
//   3. "SAS     " name[8] "SASDATA " version[8] os[8] 24 blanks created[16]       (offsets 0, 8, 16, 24, 32, 40, 64)
//   4. modified[16] 16 blanks label[40] type[8]                                  (offsets 0, 16, 32, 72)
//   5. "HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!000000" + count[4 digits] + 20 × "0" + 2 blanks
//   6. one 140-byte namestr per variable, back to back, the whole run blank-padded to a multiple of 80:
//        0 ntype int16 (1 numeric, 2 character)   2 nhfun int16 (0)     4 nlng int16 (length in the row)
//        6 nvar0 int16 (1-based number)           8 nname[8]           16 nlabel[40]
//       56 nform[8]   64 nfl int16 (width)  66 nfd int16 (decimals)   68 nfj int16 (0 left)   70 2 zero bytes
//       72 niform[8]  80 nifl int16   82 nifd int16   84 npos int32 (offset in the row)   88 52 zero bytes
//   7. "HEADER RECORD*******OBS     HEADER RECORD!!!!!!!" + 30 × "0" + 2 blanks
//   8. the rows back to back, each the concatenation of its values in variable order, the whole run
//      blank-padded to a multiple of 80. Numerics are IBM hexadecimal doubles (see IBMHexFloat), cut to
//      their length; missing is 0x2E then zeros. Character values are their UTF-8 bytes blank-padded.
// Several members in one file are valid transport and SAS reads them all, but pandas, pyreadstat and
// R's haven (ReadStat) do not stop at the next member header and read it as rows of the first: write
// each dataset to its own file (as regulatory submissions do) for anything but SAS.
// pandas also reads the IBM zero as 16^-65 = 5.4e-79 (pandas-dev/pandas issue 50670); pyreadstat and
// haven read it as 0. And pandas counts rows by taking every all-blank 8-byte word of the last record
// as padding, so when a row is 80 bytes or shorter and its text ends in blanks there, it drops rows;
// analysis datasets with a USUBJID and a few more variables are far wider than that.

/// Writes analysis datasets as a SAS transport version 5 file (`.xpt`).
public struct XPTWriter: Sendable {
    /// When the library and its members were created and last modified; written in UTC.
    public var created: Date
    public var modified: Date
    /// The SAS release named in the headers; readers only display it.
    public var sasVersion: String
    /// The operating system named in the headers (8 characters at most).
    public var operatingSystem: String

    public init(created: Date, modified: Date? = nil, sasVersion: String = "9.4", operatingSystem: String = "Linux") {
        self.created = created
        self.modified = modified ?? created
        self.sasVersion = sasVersion
        self.operatingSystem = operatingSystem
    }

    /// The bytes of a transport file holding `datasets` as members, in order. Only SAS reads past the
    /// first member; for pandas, pyreadstat and haven give each dataset its own file.
    /// Throws a ``ValidationFailure`` naming every problem (fields prefixed by the dataset name, e.g.
    /// `ADTTE.rows[3].AVAL`) before anything is written.
    public func data(for datasets: [AnalysisDataset]) throws -> Data {
        try validate(datasets)
        var file = XPTRecordBuffer()
        file.appendRecord(Self.headerRecord("LIBRARY ", counts: String(repeating: "0", count: 30)))
        file.appendRecord(
            Self.field("SAS", 8) + Self.field("SAS", 8) + Self.field("SASLIB", 8)
                + Self.field(sasVersion, 8) + Self.field(operatingSystem, 8) + Self.blanks(24)
                + Self.field(Self.transportDateTime(created), 16)
        )
        file.appendRecord(Self.field(Self.transportDateTime(modified), 16) + Self.blanks(64))
        for dataset in datasets {
            appendMember(dataset, to: &file)
        }
        return Data(file.bytes)
    }

    /// The bytes of a transport file holding one dataset.
    public func data(for dataset: AnalysisDataset) throws -> Data {
        try data(for: [dataset])
    }

    /// Writes `datasets` to `url` as one transport file (replacing it).
    public func write(_ datasets: [AnalysisDataset], to url: URL) throws {
        try data(for: datasets).write(to: url, options: .atomic)
    }

    private func validate(_ datasets: [AnalysisDataset]) throws {
        var errors: [FieldError] = []
        if datasets.isEmpty {
            errors.append(FieldError(field: "datasets", message: "a transport file needs at least one dataset"))
        }
        if sasVersion.utf8.count > 8 || !sasVersion.allSatisfy(\.isASCII) {
            errors.append(FieldError(field: "sasVersion", message: "'\(sasVersion)' must be at most 8 ASCII characters"))
        }
        if operatingSystem.utf8.count > 8 || !operatingSystem.allSatisfy(\.isASCII) {
            errors.append(FieldError(field: "operatingSystem", message: "'\(operatingSystem)' must be at most 8 ASCII characters"))
        }
        var names: Set<String> = []
        for (index, dataset) in datasets.enumerated() {
            let prefix = dataset.name.isEmpty ? "datasets[\(index)]" : dataset.name
            errors += dataset.validationErrors().map { FieldError(field: "\(prefix).\($0.field)", message: $0.message) }
            if !names.insert(dataset.name).inserted {
                errors.append(FieldError(field: "datasets[\(index)].name", message: "\(dataset.name) appears twice; member names in one file must be unique"))
            }
        }
        for (field, instant) in [("created", created), ("modified", modified)] {
            let year = Self.utcYear(instant)
            if !(1900...2099).contains(year) {
                errors.append(FieldError(field: field, message: "year \(year) cannot be written with the two-digit years of transport headers; use a date in 1900-2099"))
            }
        }
        try ValidationFailure.throwIfAny(errors)
    }

    private func appendMember(_ dataset: AnalysisDataset, to file: inout XPTRecordBuffer) {
        file.appendRecord(Self.headerRecord("MEMBER  ", counts: "000000000000000001600000000140"))
        file.appendRecord(Self.headerRecord("DSCRPTR ", counts: String(repeating: "0", count: 30)))
        file.appendRecord(
            Self.field("SAS", 8) + Self.field(dataset.name, 8) + Self.field("SASDATA", 8)
                + Self.field(sasVersion, 8) + Self.field(operatingSystem, 8) + Self.blanks(24)
                + Self.field(Self.transportDateTime(created), 16)
        )
        file.appendRecord(
            Self.field(Self.transportDateTime(modified), 16) + Self.blanks(16)
                + Self.field(dataset.label, 40) + Self.blanks(8)
        )
        let count = String(dataset.variables.count)
        let paddedCount = String(repeating: "0", count: 4 - count.count) + count
        file.appendRecord(Self.headerRecord("NAMESTR ", counts: "000000" + paddedCount + String(repeating: "0", count: 20)))

        var position = 0
        for (index, variable) in dataset.variables.enumerated() {
            file.append(Self.namestr(variable, number: index + 1, position: position))
            position += variable.type.length
        }
        file.padToRecord()

        file.appendRecord(Self.headerRecord("OBS     ", counts: String(repeating: "0", count: 30)))
        for row in dataset.rows {
            for (variable, value) in zip(dataset.variables, row) {
                file.append(Self.observationBytes(value, for: variable))
            }
        }
        file.padToRecord()
    }

    /// The 140-byte namestr record of one variable (offsets in the file comment above).
    static func namestr(_ variable: AnalysisVariable, number: Int, position: Int) -> [UInt8] {
        var record: [UInt8] = []
        record += int16(variable.type.isNumeric ? 1 : 2)
        record += int16(0)
        record += int16(variable.type.length)
        record += int16(number)
        record += field(variable.name, 8)
        record += field(variable.label, 40)
        let format = variable.format ?? SASDisplayFormat(name: "")
        record += field(format.name, 8)
        record += int16(format.width)
        record += int16(format.decimals)
        record += int16(0)  // left justification
        record += [0, 0]
        record += field("", 8)  // no informat
        record += int16(0)
        record += int16(0)
        record += int32(position)
        record += [UInt8](repeating: 0, count: 52)
        return record
    }

    /// The bytes of one value in a row: `length` bytes for its variable.
    static func observationBytes(_ value: AnalysisValue, for variable: AnalysisVariable) -> [UInt8] {
        let length = variable.type.length
        switch (variable.type, value) {
        case (.numeric, .number(let number)):
            return Array((IBMHexFloat.bytes(of: number) ?? IBMHexFloat.missingValueBytes).prefix(length))
        case (.numeric, .date(let date)):
            return Array((IBMHexFloat.bytes(of: Double(SASDateNumber.number(of: date))) ?? IBMHexFloat.missingValueBytes).prefix(length))
        case (.numeric, _):
            return Array(IBMHexFloat.missingValueBytes.prefix(length))
        case (.character, .text(let text)):
            return field(text, length)
        case (.character, _):
            return blanks(length)
        }
    }

    /// An 80-byte "HEADER RECORD*******<kind> HEADER RECORD!!!!!!!<30 digits>  " line.
    static func headerRecord(_ kind: String, counts: String) -> [UInt8] {
        Array(("HEADER RECORD*******" + kind + "HEADER RECORD!!!!!!!" + counts + "  ").utf8)
    }

    /// `text` as UTF-8, blank-padded to `width` bytes (validation has already made sure it fits).
    static func field(_ text: String, _ width: Int) -> [UInt8] {
        let bytes = Array(text.utf8.prefix(width))
        return bytes + blanks(width - bytes.count)
    }

    static func blanks(_ count: Int) -> [UInt8] {
        [UInt8](repeating: 0x20, count: count)
    }

    static func int16(_ value: Int) -> [UInt8] {
        let bits = UInt16(truncatingIfNeeded: value)
        return [UInt8(bits >> 8), UInt8(bits & 0xFF)]
    }

    static func int32(_ value: Int) -> [UInt8] {
        let bits = UInt32(truncatingIfNeeded: value)
        return [UInt8(bits >> 24), UInt8((bits >> 16) & 0xFF), UInt8((bits >> 8) & 0xFF), UInt8(bits & 0xFF)]
    }

    static let monthAbbreviations = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    /// "ddMMMyy:hh:mm:ss" in UTC, the 16-character datetime of transport headers.
    public static func transportDateTime(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let (day, secondOfDay) = seconds.quotientAndRemainderFlooringToward(86_400)
        let date = CalendarDate(daysSinceEpoch: day).components
        func twoDigits(_ number: Int) -> String { number < 10 ? "0\(number)" : String(number) }
        return twoDigits(date.day) + monthAbbreviations[date.month - 1] + twoDigits(date.year % 100) + ":"
            + twoDigits(secondOfDay / 3600) + ":" + twoDigits(secondOfDay % 3600 / 60) + ":" + twoDigits(secondOfDay % 60)
    }

    static func utcYear(_ instant: Date) -> Int {
        CalendarDate(utcDayOf: instant).components.year
    }
}

private extension Int {
    /// Quotient and non-negative remainder, so instants before 1970 still give a time of day in 0..<86400.
    func quotientAndRemainderFlooringToward(_ divisor: Int) -> (Int, Int) {
        let remainder = ((self % divisor) + divisor) % divisor
        return ((self - remainder) / divisor, remainder)
    }
}
