import Foundation

/// Field checks shared by the RECIST, PERCIST and local-control inputs, each adding a `FieldError`
/// that names the field and says what is allowed.
enum ResponseInputChecks {
    /// The largest length accepted: no lesion or sum of five lesions reaches a metre, so a larger value
    /// is a unit mistake (centimetres, micrometres).
    static let largestMillimetres = Decimal(1000)
    /// No SUL reading reaches 100; a larger value is an SUV in the wrong unit or a typing slip.
    static let largestSUL = Decimal(100)

    static func millimetres(_ value: Decimal, field: String, errors: inout [FieldError]) -> Millimetres? {
        if value < 0 {
            errors.append(FieldError(field: field, RuleMessage("recist.lengthNegative", "must not be negative ({value}); a lesion that has disappeared is 0 mm",
                                                       ["value": "\(value)"])))
            return nil
        }
        if value > largestMillimetres {
            errors.append(FieldError(field: field, RuleMessage("recist.lengthTooLarge", "must be at most {maximum} mm ({value}); lengths are in millimetres",
                                                       ["maximum": "\(largestMillimetres)", "value": "\(value)"])))
            return nil
        }
        guard let size = Millimetres(exactly: value) else {
            errors.append(FieldError(field: field, RuleMessage("recist.lengthPrecision", "must be recorded to 0.1 mm at most ({value})", ["value": "\(value)"])))
            return nil
        }
        return size
    }

    /// An SUL value (SULpeak, liver or blood-pool mean and SD): 0 or more, to 2 decimal places, so that
    /// PERCIST's 30% and 0.8-unit thresholds are decided exactly.
    static func sul(_ value: Decimal, field: String, errors: inout [FieldError]) -> Decimal? {
        if value < 0 {
            errors.append(FieldError(field: field, RuleMessage("percist.sulNegative", "must not be negative ({value}); SUL values are 0 or more", ["value": "\(value)"])))
            return nil
        }
        if value > largestSUL {
            errors.append(FieldError(field: field, RuleMessage("percist.sulTooLarge", "must be at most {maximum} ({value}); values are SUL (SUV normalised to lean body mass)",
                                                       ["maximum": "\(largestSUL)", "value": "\(value)"])))
            return nil
        }
        var scaled = value * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        guard rounded == scaled else {
            errors.append(FieldError(field: field, RuleMessage("percist.sulPrecision", "must be recorded to 2 decimal places at most ({value})", ["value": "\(value)"])))
            return nil
        }
        return value
    }

    /// A lesion identifier: not blank, and not used twice in the same list of `seen` identifiers.
    static func lesionIdentifier(
        _ id: String, field: String, seen: inout [String: String], errors: inout [FieldError]
    ) -> String? {
        let trimmed = id.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            errors.append(FieldError(field: field, RuleMessage("recist.lesionIdRequired", "must not be empty; give each lesion an identifier such as T1")))
            return nil
        }
        if let earlier = seen[trimmed] {
            errors.append(FieldError(field: field, RuleMessage("recist.lesionIdDuplicate", "'{lesion}' is already used by {earlierField}; lesion identifiers must be unique",
                                                       ["lesion": trimmed, "earlierField": earlier])))
            return nil
        }
        seen[trimmed] = field.hasSuffix(".id") ? String(field.dropLast(3)) : field
        return trimmed
    }

    /// Follow-up dates must come after the baseline and after each other (one scan per date).
    static func checkDateOrder(
        _ dates: [CalendarDate], baseline: CalendarDate, baselineField: String,
        field: (Int) -> String, errors: inout [FieldError]
    ) {
        var previous = (date: baseline, field: baselineField)
        for (index, date) in dates.enumerated() {
            if date <= previous.date {
                errors.append(FieldError(
                    field: field(index),
                    RuleMessage("recist.scanDateOrder", "must be after {previousField} ({previousDate}); scans are listed in date order, one per date",
                                ["previousField": previous.field, "previousDate": previous.date.iso8601])))
            }
            if date > previous.date { previous = (date, field(index)) }
        }
    }
}
