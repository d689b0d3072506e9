import Foundation
import TrialCore

struct FormOptionView: Encodable {
    var value: String
    var label: String
    var id: String
    var selected: Bool
}

/// One input as the template draws it: every input has a label (visible, or read by screen readers
/// in a table cell) and a place for its error or warning right below it.
struct FormFieldView: Encodable {
    /// The input's name as sent (bracket form).
    var name: String
    /// The JSON path the input fills, which errors and warnings name.
    var path: String
    var id: String
    var label: String
    /// date, number, text, textarea, select, checkbox, checkboxes, yesno, radio, hidden, datetime
    var type: String
    var value: String
    var checked: Bool
    var step: String?
    var min: String?
    var max: String?
    var options: [FormOptionView]
    var error: String?
    var list: String?
}

struct FormRowView: Encodable {
    var label: String
    var history: [String]
    var cells: [FormFieldView]
}

struct FormGroupView: Encodable {
    var title: String
    /// fields, table or scale
    var layout: String
    var headers: [String]
    var historyHeaders: [String]
    var fields: [FormFieldView]
    var rows: [FormRowView]
}

/// One line of a computed response (RECIST 1.1 / PERCIST 1.0) or score table.
struct ResponseLine: Codable, Sendable {
    var label: String
    var value: String
}

/// Earlier values of each lesion, for the table of lesions by visit.
struct LesionHistory {
    var headers: [String]
    var cells: [String: [String]]
}

enum CaseReportFormView {
    static func htmlID(_ name: String) -> String {
        "f-" + String(name.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    static func groups(layout: CaseReportFormLayout, values: CaseReportFormValues, errors: [String: String], texts: PageText,
                       history: [String: LesionHistory], blankRowsForNew: Bool) -> [FormGroupView] {
        layout.groups.enumerated().map { index, group -> FormGroupView in
            switch group.shape {
            case .fields, .object:
                return FormGroupView(
                    title: texts[group.titleKey], layout: "fields", headers: [], historyHeaders: [],
                    fields: group.inputs.map { field(layout, group, $0, row: nil, values: values, errors: errors, texts: texts) }, rows: [])
            case .scale(let range, let prefix):
                let headers = range.map { "\($0) \(texts["\(prefix).\($0)"])" }
                let rows = group.inputs.map { input -> FormRowView in
                    let cell = field(layout, group, input, row: nil, values: values, errors: errors, texts: texts)
                    return FormRowView(label: cell.label, history: [], cells: [cell])
                }
                return FormGroupView(title: texts[group.titleKey], layout: "scale", headers: headers, historyHeaders: [], fields: [], rows: rows)
            case .freeRows(let blank):
                let count = values.rowCounts[index] ?? (blankRowsForNew ? blank : 1)
                let rows = (0..<max(count, 1)).map { row in
                    FormRowView(label: String(row + 1), history: [],
                                cells: group.inputs.map { field(layout, group, $0, row: row, values: values, errors: errors, texts: texts) })
                }
                return FormGroupView(title: texts[group.titleKey], layout: "table", headers: headers(layout, group, texts),
                                     historyHeaders: [], fields: [], rows: rows)
            case .fixedRows(let key, let keys, _):
                let lesionHistory = history[group.path]
                let rows = keys.enumerated().map { row, fixed -> FormRowView in
                    var cells = group.inputs.map { field(layout, group, $0, row: row, values: values, errors: errors, texts: texts) }
                    if let hidden = cells.firstIndex(where: { $0.type == "hidden" }) { cells[hidden].value = fixed }
                    let label = key == "test" ? texts["option.labTest.\(fixed)"] : fixed
                    return FormRowView(label: label, history: lesionHistory?.cells[fixed] ?? [], cells: cells)
                }
                return FormGroupView(title: texts[group.titleKey], layout: "table", headers: headers(layout, group, texts),
                                     historyHeaders: lesionHistory?.headers ?? [], fields: [], rows: rows)
            }
        }
        // A table of fixed rows with no row (no treated lesion yet) is left out.
        .filter { $0.layout != "table" || !$0.rows.isEmpty }
    }

    private static func headers(_ layout: CaseReportFormLayout, _ group: FormGroup, _ texts: PageText) -> [String] {
        group.inputs.filter { if case .hidden = $0.kind { return false } else { return true } }
            .map { texts[layout.labelKey(group: group, input: $0)] }
    }

    private static func field(_ layout: CaseReportFormLayout, _ group: FormGroup, _ input: FormInput, row: Int?,
                              values: CaseReportFormValues, errors: [String: String], texts: PageText) -> FormFieldView {
        let name = group.name(of: input.key, row: row)
        let id = htmlID(name)
        var label = layout.label(of: input, in: group, texts: texts)
        if let row { label = "\(label) (\(row + 1))" }
        let value = values.value(name)
        var view = FormFieldView(name: PostedForm.inputName(ofPath: name), path: name, id: id, label: label, type: "text", value: value, checked: false, step: nil, min: nil, max: nil,
                                 options: [], error: errors[name], list: nil)
        func options(_ choices: [String], _ labels: OptionLabels, selected: [String]) -> [FormOptionView] {
            choices.enumerated().map { offset, option -> FormOptionView in
                let text: String
                switch labels {
                case .catalogue(let prefix): text = texts["\(prefix).\(option)"]
                case .literal: text = texts.unit(option)
                }
                return FormOptionView(value: option, label: text, id: "\(id)-\(offset)", selected: selected.contains(option))
            }
        }
        switch input.kind {
        case .date: view.type = "date"
        case .integer(let min, let max):
            view.type = "number"
            view.step = "1"
            view.min = min.map(String.init)
            view.max = max.map(String.init)
        case .decimal:
            view.type = "number"
            view.step = "any"
        case .text:
            view.type = "text"
            if layout.kind == .adverseEvents && input.key == "term" { view.list = "ctcae-terms" }
        case .longText: view.type = "textarea"
        case .timestamp: view.type = "datetime"
        case .choice(let choices, let labels, let optional):
            view.type = "select"
            var list = options(choices, labels, selected: [value])
            if optional || value.isEmpty {
                list.insert(FormOptionView(value: "", label: texts["form.notGiven"], id: "\(id)-none", selected: value.isEmpty), at: 0)
            }
            view.options = list
        case .multiChoice(let choices, let labels):
            view.type = "checkboxes"
            view.name += "[]"
            view.options = options(choices, labels, selected: values.all(name))
        case .bool:
            view.type = "checkbox"
            view.checked = value == "true"
        case .optionalBool:
            view.type = "select"
            view.options = [
                FormOptionView(value: "", label: texts["form.notGiven"], id: "\(id)-none", selected: value.isEmpty),
                FormOptionView(value: "yes", label: texts["form.answerYes"], id: "\(id)-yes", selected: value == "yes"),
                FormOptionView(value: "no", label: texts["form.answerNo"], id: "\(id)-no", selected: value == "no"),
            ]
        case .list: view.type = "text"
        case .scale(let range):
            view.type = "radio"
            view.options = range.map { box in
                FormOptionView(value: String(box), label: "\(label): \(box)", id: "\(id)-\(box)", selected: value == String(box))
            }
        case .hidden: view.type = "hidden"
        }
        return view
    }
}
