import ArgumentParser
import Foundation
import TrialStats

/// `trialdesk bench stats`: median of 5 timed runs of Kaplan-Meier, the log-rank test and a 3-covariate
/// Efron Cox fit on a generated two-arm trial (data generation not timed).
struct BenchStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Time KM, log-rank and a 3-covariate Efron Cox fit at n = 10^4, 10^5, 10^6 (or --n).")

    @Option(help: "Number of patients (default: 10000, 100000 and 1000000 in turn).") var n: Int?
    @Flag(help: "Print {\"n\",\"kmSeconds\",\"logrankSeconds\",\"coxSeconds\"} (one object per size).") var json = false
    @Option(name: .customLong("write-csv"), help: "Also write each generated data set to DIR/bench-N.csv (time,status,arm,x1,x2,x3) for timing other tools on it.")
    var writeCSV: String?
    @Option(help: "Timed runs per method; the median is reported.") var runs: Int = 5

    struct Timing: Encodable {
        let n: Int
        let kmSeconds: Double
        let logrankSeconds: Double
        let coxSeconds: Double
    }

    func run() throws {
        let sizes = n.map { [$0] } ?? [10_000, 100_000, 1_000_000]
        guard sizes.allSatisfy({ $0 >= 10 }) else {
            throw CommandOutput.reject(field: "n", message: "\(n ?? 0) is too small; use at least 10 patients")
        }
        guard runs >= 1 else { throw CommandOutput.reject(field: "runs", message: "must be at least 1") }
        for size in sizes {
            let data = SurvivalBenchmarkData.generate(count: size)
            if let writeCSV {
                let url = URL(fileURLWithPath: writeCSV).appendingPathComponent("bench-\(size).csv")
                do {
                    try FileManager.default.createDirectory(atPath: writeCSV, withIntermediateDirectories: true)
                    try data.csvText().write(to: url, atomically: true, encoding: .utf8)
                } catch {
                    throw CommandOutput.reject(field: "write-csv", message: "cannot write \(url.path): \(error.localizedDescription)")
                }
            }
            let timing = try Self.time(data, runs: runs)
            if json {
                let encoder = CommandOutput.makeEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(timing), as: UTF8.self))
            } else {
                print(String(format: "n = %8d   KM %.4f s   log-rank %.4f s   Cox (Efron, 3 covariates) %.4f s",
                             size, timing.kmSeconds, timing.logrankSeconds, timing.coxSeconds))
            }
        }
    }

    static func time(_ data: SurvivalBenchmarkData, runs: Int) throws -> Timing {
        let km = try median(runs) { _ = try KaplanMeier.fit(times: data.times, events: data.events) }
        let logrank = try median(runs) {
            _ = try LogRankTest.test(times: data.times, events: data.events, groupIndices: data.arms, levels: ["0", "1"])
        }
        let cox = try median(runs) {
            let design = try CoxData(times: data.times, events: data.events, covariates: data.covariates,
                                     names: SurvivalBenchmarkData.covariateNames)
            let fit = CoxProportionalHazards.fit(design, ties: .efron)
            if !fit.converged { throw CommandOutput.reject(field: "cox", message: "benchmark fit did not converge") }
        }
        return Timing(n: data.times.count, kmSeconds: km, logrankSeconds: logrank, coxSeconds: cox)
    }

    static func median(_ runs: Int, _ body: () throws -> Void) throws -> Double {
        var seconds: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        seconds.sort()
        return seconds[seconds.count / 2]
    }
}
