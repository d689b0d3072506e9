import Foundation

/// Right-censored data for a Cox model, laid out once for every pass over the risk sets: rows sorted by
/// stratum and ascending time, covariates centred (their means subtracted, which leaves the partial
/// likelihood unchanged and keeps exp(x'b) in range) in one contiguous row-major array.
public struct CoxData: Sendable {
    /// Names of the design columns (a factor's columns are `COLUMN=LEVEL`).
    public let columnNames: [String]
    /// Terms (a numeric covariate, or a factor with its columns) for the per-term tests of cox.zph.
    public let termNames: [String]
    /// For each design column, the index of its term in `termNames`.
    public let termOfColumn: [Int]
    public let count: Int
    public let eventCount: Int
    let columnCount: Int
    /// Sorted rows: time, event (0/1), stratum code, centred covariates (row-major, columnCount per row).
    let time: [Double]
    let event: [UInt8]
    let stratum: [Int32]
    let x: [Double]
    let means: [Double]
    /// Start offsets of each stratum in the sorted rows, plus the end.
    let strataStarts: [Int]
    /// Original row index of each sorted row.
    let originalIndex: [Int32]

    /// - Parameters:
    ///   - covariates: one array per design column (numeric values, or 0/1 indicators of a factor level).
    ///   - termOfColumn: the term of each column (defaults to one term per column, named like the column).
    ///   - strata: a stratum label per observation (separate baseline hazards), or nil.
    public init(
        times: [Double], events: [Int], covariates: [[Double]], names: [String],
        termNames: [String]? = nil, termOfColumn: [Int]? = nil, strata: [String]? = nil
    ) throws(SurvivalInputError) {
        try SurvivalInputError.validate(times: times, events: events, extra: [("strata", strata?.count ?? times.count)]
                                        + covariates.enumerated().map { ("covariates[\($0.offset)]", $0.element.count) })
        guard !covariates.isEmpty, covariates.count == names.count else {
            throw SurvivalInputError(argument: "covariates", message: "needs at least one column and one name per column")
        }
        for (column, values) in covariates.enumerated() {
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw SurvivalInputError(argument: names[column], position: bad + 1, message: "\(values[bad]) is not a finite number")
            }
        }
        let n = times.count
        let p = covariates.count
        let strataLevels = strata.map(FactorLevels.sorted) ?? ["all"]
        let strataIndex = Dictionary(uniqueKeysWithValues: strataLevels.enumerated().map { ($1, $0) })
        let codes = strata?.map { strataIndex[$0]! } ?? [Int](repeating: 0, count: n)
        let order = SurvivalOrder.ascending(times, strata: codes, strataCount: strataLevels.count)
        var means = [Double](repeating: 0, count: p)
        for column in 0..<p { means[column] = covariates[column].reduce(0, +) / Double(n) }
        var time = [Double](repeating: 0, count: n)
        var event = [UInt8](repeating: 0, count: n)
        var stratum = [Int32](repeating: 0, count: n)
        var x = [Double](repeating: 0, count: n * p)
        for (position, original) in order.enumerated() {
            let row = Int(original)
            time[position] = times[row]
            event[position] = UInt8(events[row])
            stratum[position] = Int32(codes[row])
            for column in 0..<p { x[position * p + column] = covariates[column][row] - means[column] }
        }
        var starts = [0]
        for position in 1..<max(n, 1) where stratum[position] != stratum[position - 1] { starts.append(position) }
        starts.append(n)
        self.columnNames = names
        self.termNames = termNames ?? names
        self.termOfColumn = termOfColumn ?? Array(0..<p)
        self.count = n
        self.eventCount = events.reduce(0, +)
        self.columnCount = p
        self.time = time
        self.event = event
        self.stratum = stratum
        self.x = x
        self.means = means
        self.strataStarts = starts
        self.originalIndex = order
        try requireFullRank()
    }

    /// A singular design (a constant column, or columns that are linear combinations of others) has no
    /// unique fit; R would drop a column silently, here the user is told which column is redundant.
    private func requireFullRank() throws(SurvivalInputError) {
        var crossProduct = SymmetricMatrix(size: columnCount)
        for row in 0..<count {
            for a in 0..<columnCount {
                for b in a..<columnCount { crossProduct[a, b] += x[row * columnCount + a] * x[row * columnCount + b] }
            }
        }
        for a in 0..<columnCount { for b in 0..<a { crossProduct[a, b] = crossProduct[b, a] } }
        // Pivot by pivot: the first column whose leading block is singular is the redundant one.
        for size in 1...columnCount where crossProduct.restricted(to: Array(0..<size)).cholesky() == nil {
            throw SurvivalInputError(argument: columnNames[size - 1],
                                     message: "singular design: this column is constant or a linear combination of the columns before it")
        }
    }
}
