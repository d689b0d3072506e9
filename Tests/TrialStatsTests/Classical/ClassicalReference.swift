import Foundation

/// Tests/Reference/classical/values.csv as test -> case -> quantity -> value text, plus its data files.
struct ClassicalReference: Sendable {
    let values: [String: [String: [String: String]]]

    static let shared: ClassicalReference = {
        var values: [String: [String: [String: String]]] = [:]
        if let file = try? ReferenceValuesFile(area: "classical", file: "values.csv") {
            for row in file.rows {
                values[row[0], default: [:]][row[1], default: [:]][row[2]] = row[3]
            }
        }
        return ClassicalReference(values: values)
    }()

    func cases(_ test: String) -> [String] { (values[test] ?? [:]).keys.sorted() }

    func number(_ test: String, _ caseName: String, _ quantity: String) -> Double {
        guard let text = values[test]?[caseName]?[quantity] else { return .nan }
        switch text {
        case "Inf": return .infinity
        case "-Inf": return -.infinity
        default: return Double(text) ?? .nan
        }
    }

    func text(_ test: String, _ caseName: String, _ quantity: String) -> String {
        values[test]?[caseName]?[quantity] ?? ""
    }

    /// Two-sample data from samples.csv: case -> (x, y).
    static let samples: [String: (x: [Double], y: [Double])] = {
        guard let file = try? ReferenceValuesFile(area: "classical", file: "samples.csv") else { return [:] }
        var result: [String: (x: [Double], y: [Double])] = [:]
        for row in file.rows {
            let name = file.text(row, "case"), value = file.number(row, "value")
            var entry = result[name] ?? (x: [], y: [])
            if file.text(row, "sample") == "x" { entry.x.append(value) } else { entry.y.append(value) }
            result[name] = entry
        }
        return result
    }()

    /// ANCOVA data from ancova.csv: case -> (arm, baseline, change).
    static let ancova: [String: (arm: [String], baseline: [Double], change: [Double])] = {
        guard let file = try? ReferenceValuesFile(area: "classical", file: "ancova.csv") else { return [:] }
        var result: [String: (arm: [String], baseline: [Double], change: [Double])] = [:]
        for row in file.rows {
            let name = file.text(row, "case")
            var entry = result[name] ?? (arm: [], baseline: [], change: [])
            entry.arm.append(file.text(row, "arm"))
            entry.baseline.append(file.number(row, "baseline"))
            entry.change.append(file.number(row, "change"))
            result[name] = entry
        }
        return result
    }()
}
