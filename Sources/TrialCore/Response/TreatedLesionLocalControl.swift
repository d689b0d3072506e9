import Foundation

/// Why a scan shows in-field progression of a treated lesion.
public enum InFieldProgressionGround: String, Hashable, Sendable, Codable, CaseIterable {
    /// Grown by at least 20% and 5 mm over the lesion's own nadir since implantation.
    case sizeIncrease
    /// SULpeak up by more than 30% and at least 0.8 SUL units over the post-implant PET baseline.
    case metabolicIncrease
    /// Read by the radiologist as unequivocal in-field progression (with a reason).
    case radiologistRead
}

/// Local control of one 125I-treated lesion: each scan read for in-field progression, and the date of
/// the first in-field progression (the local failure that the local-control endpoint times from the
/// implantation date).
///
/// - The size nadir is the smallest measurement before the scan, since implantation.
/// - The metabolic reference is the lesion's post-implant PET baseline: its first SULpeak reading on
///   or after the implantation date.
/// - Scans after the first in-field progression are still read, for information; they never move
///   its date.
public struct TreatedLesionLocalControl: Hashable, Sendable, Codable {
    public struct ScanResult: Hashable, Sendable, Codable {
        public var date: CalendarDate
        public var size: Millimetres?
        /// The smallest size before this scan since implantation (what growth is measured against).
        public var sizeNadir: Millimetres?
        /// Change of `size` over `sizeNadir`, in percent rounded to one decimal; nil when either is
        /// missing or the nadir is 0.
        public var changeFromNadirPct: Decimal?
        public var sulPeak: Decimal?
        /// The post-implant PET baseline this scan's SULpeak is compared with.
        public var sulPeakBaseline: Decimal?
        public var grounds: [InFieldProgressionGround]

        public var inFieldProgression: Bool { !grounds.isEmpty }

        public init(
            date: CalendarDate, size: Millimetres?, sizeNadir: Millimetres?, changeFromNadirPct: Decimal?,
            sulPeak: Decimal?, sulPeakBaseline: Decimal?, grounds: [InFieldProgressionGround]
        ) {
            self.date = date
            self.size = size
            self.sizeNadir = sizeNadir
            self.changeFromNadirPct = changeFromNadirPct
            self.sulPeak = sulPeak
            self.sulPeakBaseline = sulPeakBaseline
            self.grounds = grounds
        }
    }

    public var lesionID: String
    public var implantationDate: CalendarDate
    public var scans: [ScanResult]

    /// The first scan that shows in-field progression.
    public var inFieldProgressionDate: CalendarDate? {
        scans.first { $0.inFieldProgression }?.date
    }

    /// Days from implantation to the first in-field progression.
    public var daysToInFieldProgression: Int? {
        inFieldProgressionDate.map { implantationDate.days(until: $0) }
    }

    /// The last imaging of the lesion (where a lesion without local failure is censored).
    public var lastImagingDate: CalendarDate? {
        scans.last?.date
    }

    public init(lesionID: String, implantationDate: CalendarDate, scans: [ScanResult]) {
        self.lesionID = lesionID
        self.implantationDate = implantationDate
        self.scans = scans
    }

    /// Validates the record (throwing `ValidationFailure` listing every problem, with paths such as
    /// `scans[2].mm`) and reads each scan for in-field progression.
    public init(evaluating record: TreatedLesionRecord, settings: InFieldProgressionSettings = InFieldProgressionSettings()) throws {
        var errors: [FieldError] = []
        let id = record.id.trimmingCharacters(in: .whitespacesAndNewlines)
        if id.isEmpty {
            errors.append(FieldError(field: "id", RuleMessage("localControl.lesionIdRequired", "must not be empty; give the treated lesion its identifier")))
        }
        for (index, scan) in record.scans.enumerated() {
            if scan.date < record.implantationDate {
                errors.append(FieldError(
                    field: "scans[\(index)].date",
                    RuleMessage("localControl.scanBeforeImplantation", "must be on or after implantationDate ({implantationDate}); local control counts from implantation",
                                ["implantationDate": record.implantationDate.iso8601])))
            } else if index > 0, scan.date <= record.scans[index - 1].date {
                errors.append(FieldError(
                    field: "scans[\(index)].date",
                    RuleMessage("localControl.scanDateOrder", "must be after {previousField} ({previousDate}); scans are listed in date order, one per date",
                                ["previousField": "scans[\(index - 1)].date", "previousDate": record.scans[index - 1].date.iso8601])))
            }
        }

        var readings: [(date: CalendarDate, size: Millimetres?, sul: Decimal?, radiologist: Bool)] = []
        for (index, scan) in record.scans.enumerated() {
            let path = "scans[\(index)]"
            let size = scan.mm.flatMap { ResponseInputChecks.millimetres($0, field: "\(path).mm", errors: &errors) }
            let sul = scan.sulPeak.flatMap { ResponseInputChecks.sul($0, field: "\(path).sulPeak", errors: &errors) }
            let radiologist = scan.radiologistInFieldProgression ?? false
            if radiologist && (scan.reason?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true) {
                errors.append(FieldError(
                    field: "\(path).reason",
                    RuleMessage("localControl.reasonRequired", "is required when the radiologist reads in-field progression: say what was seen")))
            }
            if scan.mm == nil && scan.sulPeak == nil && !radiologist {
                errors.append(FieldError(
                    field: path,
                    RuleMessage("localControl.scanEmpty", "records nothing: give mm, sulPeak or the radiologist's in-field progression reading")))
            }
            readings.append((scan.date, size, sul, radiologist))
        }
        try ValidationFailure.throwIfAny(errors)

        var nadir: Millimetres?
        var metabolicBaseline: Decimal?
        var results: [ScanResult] = []
        for reading in readings {
            var grounds: [InFieldProgressionGround] = []
            if let size = reading.size, let nadir, settings.isSizeProgression(size: size, nadir: nadir) {
                grounds.append(.sizeIncrease)
            }
            if let sul = reading.sul, let metabolicBaseline,
               settings.metabolic.isMetabolicProgression(reference: metabolicBaseline, followUp: sul) {
                grounds.append(.metabolicIncrease)
            }
            if reading.radiologist { grounds.append(.radiologistRead) }
            results.append(ScanResult(
                date: reading.date, size: reading.size, sizeNadir: nadir,
                changeFromNadirPct: reading.size.flatMap { size in nadir.flatMap { ResponsePercentChange.rounded(from: $0, to: size) } },
                sulPeak: reading.sul, sulPeakBaseline: reading.sul == nil ? nil : metabolicBaseline,
                grounds: grounds))
            if let size = reading.size { nadir = min(nadir ?? size, size) }
            if metabolicBaseline == nil { metabolicBaseline = reading.sul }
        }
        self.init(lesionID: id, implantationDate: record.implantationDate, scans: results)
    }

    /// Per participant: the first in-field progression among the participant's treated lesions
    /// (the lesion and its date); nil when none has progressed.
    public static func firstInFieldProgression(among lesions: [TreatedLesionLocalControl]) -> (lesionID: String, date: CalendarDate)? {
        lesions
            .compactMap { lesion in lesion.inFieldProgressionDate.map { (lesionID: lesion.lesionID, date: $0) } }
            .min { $0.date < $1.date }
    }
}
