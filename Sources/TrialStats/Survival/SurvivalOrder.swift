import Foundation

/// Sorting follow-up times once, in O(n): a stable least-significant-digit radix sort on the IEEE-754 bit
/// pattern of each time (times are >= 0, so the bit patterns order as the numbers), 8 bits per pass
/// (256 buckets keep every pass cache-friendly; passes whose digit is the same for all keys are skipped).
/// Every estimator here walks the risk sets in one pass over this order.
enum SurvivalOrder {
    /// Positions of `times` in ascending order; equal times keep their input order.
    static func ascending(_ times: [Double]) -> [Int32] {
        let count = times.count
        if count < 512 {
            return (0..<Int32(count)).sorted { (times[Int($0)], $0) < (times[Int($1)], $1) }
        }
        var keys = [UInt64](repeating: 0, count: count)
        var order = [Int32](repeating: 0, count: count)
        times.withUnsafeBufferPointer { source in
            for index in 0..<count {
                // +0.0 and -0.0 compare equal; map both to the same key.
                keys[index] = source[index] == 0 ? 0 : source[index].bitPattern
                order[index] = Int32(index)
            }
        }
        var spareKeys = keys
        var spareOrder = order
        var counts = [Int](repeating: 0, count: 256)
        var anyBits: UInt64 = 0
        var allBits: UInt64 = ~0
        for key in keys { anyBits |= key; allBits &= key }
        let varying = anyBits ^ allBits
        var shift: UInt64 = 0
        while shift < 64 {
            if (varying >> shift) & 0xFF == 0 { shift += 8; continue }
            keys.withUnsafeMutableBufferPointer { keyBuffer in
                spareKeys.withUnsafeMutableBufferPointer { spareKeyBuffer in
                    order.withUnsafeMutableBufferPointer { orderBuffer in
                        spareOrder.withUnsafeMutableBufferPointer { spareOrderBuffer in
                            counts.withUnsafeMutableBufferPointer { countBuffer in
                                for digit in 0..<256 { countBuffer[digit] = 0 }
                                for index in 0..<count { countBuffer[Int((keyBuffer[index] >> shift) & 0xFF)] += 1 }
                                var total = 0
                                for digit in 0..<256 {
                                    let here = countBuffer[digit]
                                    countBuffer[digit] = total
                                    total += here
                                }
                                for index in 0..<count {
                                    let key = keyBuffer[index]
                                    let digit = Int((key >> shift) & 0xFF)
                                    let target = countBuffer[digit]
                                    countBuffer[digit] = target + 1
                                    spareKeyBuffer[target] = key
                                    spareOrderBuffer[target] = orderBuffer[index]
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &spareKeys)
            swap(&order, &spareOrder)
            shift += 8
        }
        return order
    }

    /// Positions ordered by stratum (0..<strataCount), then by ascending time within a stratum (stable).
    static func ascending(_ times: [Double], strata: [Int], strataCount: Int) -> [Int32] {
        let byTime = ascending(times)
        if strataCount <= 1 { return byTime }
        var starts = [Int](repeating: 0, count: strataCount + 1)
        for stratum in strata { starts[stratum + 1] += 1 }
        for index in 0..<strataCount { starts[index + 1] += starts[index] }
        var result = [Int32](repeating: 0, count: times.count)
        for position in byTime {
            let stratum = strata[Int(position)]
            result[starts[stratum]] = position
            starts[stratum] += 1
        }
        return result
    }
}
