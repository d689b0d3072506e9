import Foundation

/// Turns named covariates into Cox design columns: a numeric covariate is one column; a factor gets
/// treatment contrasts, one 0/1 column per level except the first in sorted order (the reference),
/// named `COLUMN=LEVEL` (R's default contr.treatment with factor levels in sorted order).
public enum CoxCovariate: Sendable, Hashable {
    case numeric(name: String, values: [Double])
    case factor(name: String, labels: [String])

    public var name: String {
        switch self {
        case .numeric(let name, _), .factor(let name, _): return name
        }
    }
}

extension CoxData {
    /// Builds the design (numeric columns and factor contrasts) and lays out the data.
    public init(times: [Double], events: [Int], covariates: [CoxCovariate], strata: [String]? = nil) throws(SurvivalInputError) {
        var columns: [[Double]] = []
        var names: [String] = []
        var termOfColumn: [Int] = []
        for (termIndex, covariate) in covariates.enumerated() {
            switch covariate {
            case .numeric(let name, let values):
                columns.append(values)
                names.append(name)
                termOfColumn.append(termIndex)
            case .factor(let name, let labels):
                let levels = FactorLevels.sorted(labels)
                guard levels.count >= 2 else {
                    throw SurvivalInputError(argument: name, message: "factor has only one level ('\(levels.first ?? "")'); it needs 2 or more")
                }
                for level in levels.dropFirst() {
                    columns.append(labels.map { $0 == level ? 1 : 0 })
                    names.append("\(name)=\(level)")
                    termOfColumn.append(termIndex)
                }
            }
        }
        try self.init(times: times, events: events, covariates: columns, names: names,
                      termNames: covariates.map(\.name), termOfColumn: termOfColumn, strata: strata)
    }
}
