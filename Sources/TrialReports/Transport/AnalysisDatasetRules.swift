import Foundation
import TrialCore

/// The SAS transport v5 limits that an ``AnalysisDataset`` must meet, one check per rule.
enum AnalysisDatasetRules {
    /// The NAMESTR header writes the variable count in 4 digits.
    static let maximumVariableCount = 9999
    /// Names are 8 bytes in the member header and the namestr record.
    static let maximumNameLength = 8
    /// Dataset and variable labels are 40 bytes in transport v5.
    static let maximumLabelBytes = 40

    /// SAS names: 1 to 8 of `A`–`Z`, `0`–`9`, `_`, not starting with a digit; uppercase so that every
    /// reader shows the same name.
    static func nameErrors(_ name: String, field: String, what: String) -> [FieldError] {
        if name.isEmpty {
            return [FieldError(field: field, message: "\(what) is empty; give 1 to 8 characters")]
        }
        var errors: [FieldError] = []
        if name.utf8.count > maximumNameLength {
            errors.append(FieldError(field: field, message: "\(what) '\(name)' has \(name.count) characters; at most 8 are allowed"))
        }
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
        }
        if !allowed {
            errors.append(FieldError(
                field: field,
                message: "\(what) '\(name)' may hold only uppercase letters A-Z, digits and _"
            ))
        } else if let first = name.unicodeScalars.first, ("0"..."9").contains(first) {
            errors.append(FieldError(field: field, message: "\(what) '\(name)' must not start with a digit"))
        }
        return errors
    }

    static func labelErrors(_ label: String, field: String) -> [FieldError] {
        var errors: [FieldError] = []
        let bytes = label.utf8.count
        if bytes > maximumLabelBytes {
            errors.append(FieldError(
                field: field,
                message: "label takes \(bytes) UTF-8 bytes; transport v5 allows 40 (a Chinese character takes 3)"
            ))
        }
        if label.utf8.contains(0) {
            errors.append(FieldError(field: field, message: "label contains a NUL character, which readers drop"))
        }
        return errors
    }

    static func variableErrors(_ variable: AnalysisVariable, field: String) -> [FieldError] {
        var errors = nameErrors(variable.name, field: "\(field).name", what: "variable name")
        errors += labelErrors(variable.label, field: "\(field).label")
        switch variable.type {
        case .numeric(let length) where !AnalysisVariableType.numericLengths.contains(length):
            errors.append(FieldError(field: "\(field).type", message: "numeric length \(length) is not allowed; use 3 to 8 bytes (8 keeps every value exactly)"))
        case .character(let length) where !AnalysisVariableType.characterLengths.contains(length):
            errors.append(FieldError(field: "\(field).type", message: "character length \(length) is not allowed; transport v5 allows 1 to 200 bytes"))
        default:
            break
        }
        if let format = variable.format {
            errors += formatErrors(format, for: variable, field: "\(field).format")
        }
        return errors
    }

    static func formatErrors(_ format: SASDisplayFormat, for variable: AnalysisVariable, field: String) -> [FieldError] {
        var errors: [FieldError] = []
        let bareName = format.isCharacterFormat ? String(format.name.dropFirst()) : format.name
        let nameAllowed = bareName.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        if format.name.utf8.count > maximumNameLength || !nameAllowed {
            errors.append(FieldError(field: field, message: "format name '\(format.name)' must be at most 8 characters of A-Z, 0-9 and _ (with a leading $ for character formats)"))
        }
        if !(0...Int(Int16.max)).contains(format.width) || !(0...Int(Int16.max)).contains(format.decimals) {
            errors.append(FieldError(field: field, message: "format width and decimals must be 0 to 32767"))
        }
        if format.isCharacterFormat && variable.type.isNumeric {
            errors.append(FieldError(field: field, message: "character format \(format) cannot be applied to numeric variable \(variable.name)"))
        }
        if !format.isCharacterFormat && !variable.type.isNumeric {
            errors.append(FieldError(field: field, message: "numeric format \(format) cannot be applied to character variable \(variable.name); character formats start with $"))
        }
        return errors
    }

    /// Why `value` cannot be stored in `variable`, or nil when it can.
    static func valueProblem(_ value: AnalysisValue, for variable: AnalysisVariable) -> String? {
        switch (variable.type, value) {
        case (_, .missing):
            return nil
        case (.numeric, .number(let number)):
            if number.isInfinite {
                return "\(number) cannot be stored; SAS numerics are finite (use missing)"
            }
            if !IBMHexFloat.canRepresent(number) {
                return "\(number) is beyond the largest SAS transport number (about 7.2e75)"
            }
            return nil
        case (.numeric, .date):
            return nil
        case (.numeric, .text(let text)):
            return "'\(text)' is text but \(variable.name) is numeric; give a number, a date or missing"
        case (.character, .number(let number)):
            return "\(number) is a number but \(variable.name) is character; give text or missing"
        case (.character, .date(let date)):
            return "\(date) is a date but \(variable.name) is character; use a numeric date variable or give the text"
        case (.character(let length), .text(let text)):
            let bytes = text.utf8.count
            if bytes > length {
                return "'\(text)' takes \(bytes) UTF-8 bytes but \(variable.name) holds \(length); lengthen the variable (a Chinese character takes 3 bytes)"
            }
            if text.utf8.contains(0) {
                return "text contains a NUL character, which readers drop"
            }
            return nil
        }
    }
}
