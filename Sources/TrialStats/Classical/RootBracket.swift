import Foundation

/// Root of a monotone function by bisection on a bracket, to the last bit. Used where R calls
/// uniroot with its loose default tolerance (1e-4): bisecting to full precision gives the exact value
/// R approximates. `logScale` bisects in log(x) so roots near 0 keep relative precision.
enum RootBracket {
    static func solve(lower: Double, upper: Double, logScale: Bool = false, _ f: (Double) -> Double) -> Double {
        var lo = logScale ? log(lower) : lower
        var hi = logScale ? log(upper) : upper
        func value(_ u: Double) -> Double { f(logScale ? exp(u) : u) }
        let fLo = value(lo)
        if fLo == 0 { return logScale ? exp(lo) : lo }
        let increasing = fLo < 0
        for _ in 0..<2000 {
            let mid = lo + (hi - lo) / 2
            if mid <= lo || mid >= hi { break }
            let fm = value(mid)
            if fm == 0 { lo = mid; hi = mid; break }
            if (fm < 0) == increasing { lo = mid } else { hi = mid }
        }
        let root = lo + (hi - lo) / 2
        return logScale ? exp(root) : root
    }
}
