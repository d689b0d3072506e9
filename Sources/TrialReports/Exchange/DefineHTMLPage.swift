import Foundation

/// `define.html`: the content of define.xml as one self-contained page a reviewer opens in any browser
/// (no script, no external style sheet or link beyond the dataset files beside it): the datasets, each
/// dataset's variables with origin and derivation, ADTTE's value-level metadata, the code lists.
public struct DefineHTMLPage: Sendable {
    public let document: DefineXMLDocument

    public init(_ document: DefineXMLDocument) {
        self.document = document
    }

    static func escape(_ text: String) -> String { ReportFormat.html(text) }

    public func html() throws -> String {
        let variables = try document.variables()
        let parameters = document.timeToEventParameters()
        var page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Define-XML: \(Self.escape(document.studyName)) analysis datasets</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
        table { border-collapse: collapse; margin: 0.5em 0 1.5em; width: 100%; }
        th, td { border: 1px solid #bbb; padding: 0.25em 0.5em; text-align: left; vertical-align: top; font-size: 0.9em; }
        th { background: #eef1f5; }
        code { font-family: ui-monospace, monospace; }
        h2 { margin-top: 2em; border-bottom: 2px solid #456; }
        @media print { h2 { break-before: page; } a { color: inherit; text-decoration: none; } }
        </style>
        </head>
        <body>
        <h1>\(Self.escape(document.studyName)): analysis dataset definitions</h1>
        <p>\(Self.escape(document.studyDescription))</p>
        <p>Define-XML 2.1 (<code>define.xml</code> beside this page), ADaMIG 1.1. Metadata version <code>\(Self.escape(document.context.metaDataVersionOID))</code>, written \(Self.escape(DefineXMLDocument.odmDateTime(document.context.created))) UTC.</p>
        <h2 id="datasets">Datasets</h2>
        <table><tr><th>Dataset</th><th>Description</th><th>Class</th><th>Structure</th><th>Keys</th><th>Records</th><th>File</th></tr>

        """
        for dataset in document.datasets {
            let classification = DefineXMLDocument.classification(of: dataset.name)
            let keys = variables.filter { $0.dataset == dataset.name && $0.keySequence != nil }
                .sorted { ($0.keySequence ?? 0) < ($1.keySequence ?? 0) }.map(\.variable.name).joined(separator: ", ")
            let file = "\(dataset.name.lowercased()).xpt"
            page += "<tr><td><a href=\"#\(dataset.name)\">\(dataset.name)</a></td><td>\(Self.escape(dataset.label))</td>"
                + "<td>\(Self.escape(classification.className + (classification.subClass.map { " / \($0)" } ?? "")))</td>"
                + "<td>\(Self.escape(classification.structure))</td><td>\(keys)</td><td>\(dataset.rows.count)</td>"
                + "<td><a href=\"\(file)\">\(file)</a></td></tr>\n"
        }
        page += "</table>\n"
        for dataset in document.datasets {
            page += "<h2 id=\"\(dataset.name)\">\(dataset.name): \(Self.escape(dataset.label))</h2>\n"
            page += "<table><tr><th>#</th><th>Variable</th><th>Label</th><th>Type</th><th>Length</th><th>Format</th><th>Code list</th><th>Origin</th><th>Source or derivation</th></tr>\n"
            for variable in variables where variable.dataset == dataset.name {
                let codes = variable.codeList.map { "<a href=\"#\($0.oid)\">\($0.items.count) values</a>" } ?? ""
                var source = Self.escape(variable.origin.text)
                if dataset.name == "ADTTE", DefineXMLDocument.valueLevelVariables.contains(variable.variable.name), !parameters.isEmpty {
                    source += " <a href=\"#VL.ADTTE\">Per parameter</a>"
                }
                page += "<tr><td>\(variable.order)</td><td><code>\(variable.variable.name)</code></td><td>\(Self.escape(variable.variable.label))</td>"
                    + "<td>\(variable.dataType)</td><td>\(variable.variable.type.length)</td><td>\(variable.variable.format?.description ?? "")</td>"
                    + "<td>\(codes)</td><td>\(variable.origin.type)</td><td>\(source)</td></tr>\n"
            }
            page += "</table>\n"
        }
        if !parameters.isEmpty {
            page += "<h2 id=\"VL.ADTTE\">ADTTE: AVAL, CNSR and EVNTDESC per parameter (value-level metadata)</h2>\n"
            page += "<table><tr><th>Where</th><th>Parameter</th><th>Derivation of AVAL</th><th>CNSR</th></tr>\n"
            for parameter in parameters {
                let codes = (parameter.codeLists["CNSR"]?.items ?? []).map { "\(Self.escape($0.code)) = \(Self.escape($0.decode ?? ""))" }.joined(separator: "<br>")
                page += "<tr><td><code>PARAMCD = \(Self.escape(parameter.code))</code></td><td>\(Self.escape(parameter.decode))</td><td>\(Self.escape(parameter.derivation))</td><td>\(codes)</td></tr>\n"
            }
            page += "</table>\n"
        }
        page += "<h2 id=\"codelists\">Code lists</h2>\n"
        for list in variables.compactMap(\.codeList) {
            page += "<h3 id=\"\(list.oid)\">\(Self.escape(list.name))</h3>\n<table><tr><th>Value</th><th>Decode</th></tr>\n"
            for item in list.items {
                page += "<tr><td><code>\(Self.escape(item.code))</code></td><td>\(Self.escape(item.decode ?? ""))</td></tr>\n"
            }
            page += "</table>\n"
        }
        page += "</body>\n</html>\n"
        return page
    }
}
