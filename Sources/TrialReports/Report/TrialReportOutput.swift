import Foundation
import TrialCore

/// Everything `trialdesk analyze` writes, computed once from the input: the datasets, the numbers and
/// the report.
///
/// `write(to:)` creates `report.html`, `analysis.json`, `adam/<NAME>.csv`, `adam/<NAME>.xpt`,
/// `adam/<NAME>.json` (CDISC Dataset-JSON 1.1: the values, and each column's name, label, type, length and
/// format) for every ADaM dataset and source listing, `adam/define.xml` (Define-XML 2.1 of the ADaM datasets)
/// with its readable `adam/define.html`, and `figures/<name>.svg`.
public struct TrialReportOutput: Sendable {
    public let datasets: AnalysisDatasets
    public let analysis: TrialAnalysis
    public let document: TrialReportDocument
    /// The instant written into the transport files' headers.
    public let created: Date
    /// The study the datasets belong to (its protocol ID and version name the exchange files' study and metadata).
    public let study: StudyDefinition
    /// TrialDesk's version, written as the Dataset-JSON files' source system when known.
    public var sourceSystemVersion: String?

    /// Derives the datasets and numbers from one derivation of the input.
    /// - Throws: `ValidationFailure` naming each participant whose data cannot be derived.
    public init(_ input: TrialAnalysisInput, created: Date = Date()) throws {
        let data = try TrialAnalysisData(input)
        let records = TimeToEventRecord.records(data)
        datasets = AnalysisDatasets(data, records: records)
        analysis = TrialAnalysis(data, records: records)
        document = TrialReportDocument(analysis: analysis, language: input.language)
        self.created = created
        self.study = input.study
    }

    /// The study and metadata OIDs of the exchange files (Dataset-JSON and Define-XML name the same ones).
    public var datasetJSONContext: DatasetJSONContext {
        DatasetJSONContext(studyOID: "S.\(study.protocolId)", metaDataVersionOID: "MDV.\(study.protocolId).\(study.version)",
                           created: created, sourceSystemVersion: sourceSystemVersion)
    }

    /// analysis.json: every number of the report, keys sorted so that two runs on the same data are identical.
    public func analysisJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(analysis)
    }

    /// The Define-XML 2.1 metadata of the ADaM datasets (`adam/define.xml` and `adam/define.html`).
    public var defineXML: DefineXMLDocument {
        DefineXMLDocument(study: study, datasets: datasets.adam, context: datasetJSONContext)
    }

    /// Writes every file into `directory` (created when missing; existing files of the same names are replaced).
    public func write(to directory: URL) throws {
        let files = FileManager.default
        let adam = directory.appendingPathComponent("adam", isDirectory: true)
        let figures = directory.appendingPathComponent("figures", isDirectory: true)
        try files.createDirectory(at: adam, withIntermediateDirectories: true)
        try files.createDirectory(at: figures, withIntermediateDirectories: true)

        try Data(document.html().utf8).write(to: directory.appendingPathComponent("report.html"), options: .atomic)
        try analysisJSON().write(to: directory.appendingPathComponent("analysis.json"), options: .atomic)
        let writer = XPTWriter(created: created)
        let context = datasetJSONContext
        var listingContext = context
        // define.xml describes the ADaM datasets; the source listings' files name no metadata file.
        listingContext.metaDataRef = nil
        let adamNames = Set(datasets.adam.map(\.name))
        for dataset in datasets.all {
            let base = dataset.name.lowercased()
            try Data(dataset.csvText().utf8).write(to: adam.appendingPathComponent("\(base).csv"), options: .atomic)
            try writer.data(for: dataset).write(to: adam.appendingPathComponent("\(base).xpt"), options: .atomic)
            try dataset.datasetJSON(adamNames.contains(dataset.name) ? context : listingContext).write(to: adam.appendingPathComponent("\(base).json"), options: .atomic)
        }
        let define = defineXML
        try Data(define.xml().utf8).write(to: adam.appendingPathComponent("define.xml"), options: .atomic)
        try Data(DefineHTMLPage(define).html().utf8).write(to: adam.appendingPathComponent("define.html"), options: .atomic)
        for figure in document.figureFiles() {
            try Data(figure.svg.utf8).write(to: figures.appendingPathComponent("\(figure.name).svg"), options: .atomic)
        }
    }
}
