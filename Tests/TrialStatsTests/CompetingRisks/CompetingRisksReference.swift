import Foundation

/// Data sets and R values under Tests/Reference/competing-risks (competing-risks.R).
enum CompetingRisksReference {
    struct DataSet: Sendable {
        let time: [Double]
        let status: [Int]
        let group: [String]
        let x: [Double]
    }

    static let dataSetNames = ["mgus2", "trial", "edge"]

    static func dataSet(_ name: String) throws -> DataSet {
        let file = try ReferenceValuesFile(area: "competing-risks", file: "\(name).csv")
        return DataSet(time: file.rows.map { file.number($0, "time") },
                       status: file.rows.map { Int(file.number($0, "status")) },
                       group: file.rows.map { file.text($0, "group") },
                       x: file.rows.map { file.number($0, "x") })
    }

    static func values(_ file: String) throws -> ReferenceValuesFile {
        try ReferenceValuesFile(area: "competing-risks", file: file)
    }

    /// |a - b| <= relative * |b| + absolute: standard errors that R reports as 1e-16 round-off are 0 here.
    static func close(_ a: Double, _ b: Double, relative: Double, absolute: Double = 1e-14) -> Bool {
        abs(a - b) <= relative * abs(b) + absolute
    }
}
