import Foundation
import TrialCore

/// A rectangular analysis dataset (ADSL, ADTTE, ...) described well enough to write it as a SAS transport
/// v5 member and as CSV: a name of up to 8 characters, a label of up to 40 bytes, the variables in order,
/// and the rows, each holding one value per variable.
///
/// Text is stored as UTF-8 bytes: names are uppercase ASCII, while labels and character values may hold
/// any Unicode text (Chinese included), with every length limit counted in UTF-8 bytes (a Chinese
/// character takes 3). Values are never cut, so a value that does not fit is a validation error rather
/// than a silently damaged character. Transport files record no encoding, so pandas and pyreadstat
/// must be told it (`encoding="utf-8"`); R's haven returns the UTF-8 text as it is.
public struct AnalysisDataset: Hashable, Sendable {
    public var name: String
    public var label: String
    public var variables: [AnalysisVariable]
    public var rows: [[AnalysisValue]]

    public init(name: String, label: String, variables: [AnalysisVariable], rows: [[AnalysisValue]] = []) {
        self.name = name
        self.label = label
        self.variables = variables
        self.rows = rows
    }

    /// The index of the variable called `name`, if any.
    public func variableIndex(named name: String) -> Int? {
        variables.firstIndex { $0.name == name }
    }

    /// Every rule the dataset breaks, with field paths such as `variables[2].name` or `rows[4].AVAL`.
    public func validationErrors() -> [FieldError] {
        var errors: [FieldError] = []
        errors += AnalysisDatasetRules.nameErrors(name, field: "name", what: "dataset name")
        errors += AnalysisDatasetRules.labelErrors(label, field: "label")
        if variables.isEmpty {
            errors.append(FieldError(field: "variables", message: "a dataset needs at least one variable"))
        }
        if variables.count > AnalysisDatasetRules.maximumVariableCount {
            errors.append(FieldError(
                field: "variables",
                message: "has \(variables.count) variables; a transport v5 member holds at most \(AnalysisDatasetRules.maximumVariableCount)"
            ))
        }
        var seen: [String: Int] = [:]
        for (index, variable) in variables.enumerated() {
            let field = "variables[\(index)]"
            errors += AnalysisDatasetRules.variableErrors(variable, field: field)
            if let first = seen[variable.name] {
                errors.append(FieldError(
                    field: "\(field).name",
                    message: "\(variable.name) is already the name of variables[\(first)]; variable names must be unique"
                ))
            } else {
                seen[variable.name] = index
            }
        }
        for (rowIndex, row) in rows.enumerated() {
            guard row.count == variables.count else {
                errors.append(FieldError(
                    field: "rows[\(rowIndex)]",
                    message: "has \(row.count) values for \(variables.count) variables; give one value per variable (use missing for none)"
                ))
                continue
            }
            for (variable, value) in zip(variables, row) {
                if let message = AnalysisDatasetRules.valueProblem(value, for: variable) {
                    errors.append(FieldError(field: "rows[\(rowIndex)].\(variable.name)", message: message))
                }
            }
        }
        return errors
    }

    /// Throws a ``ValidationFailure`` listing every problem, or returns when the dataset can be written.
    public func validate() throws {
        try ValidationFailure.throwIfAny(validationErrors())
    }
}
