import FieldSyncShared

/// The demo generator's draws from its seeded `SplitMix64` streams: bounded draws are computed
/// here, not by the standard library, so a seed replays the same stretch on every machine and
/// toolchain.
///
/// ```swift
/// var random = SplitMix64(seed: 1, stream: 7)
/// random.int(1...6)       // the same on every run
/// random.chance(0.25)
/// ```
extension SplitMix64 {
    /// A number in `[0, 1)`.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A whole number in `range` (multiply-high: no modulo bias worth the name at these sizes).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: span).high)
    }

    /// A number of seconds in `hours`, rounded to whole minutes.
    mutating func seconds(hours: ClosedRange<Double>) -> Int64 {
        Int64((hours.lowerBound + unit() * (hours.upperBound - hours.lowerBound)) * 60) * 60
    }

    /// `true` with probability `p`.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// One of `items`, which must not be empty.
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

    /// An index drawn with the given weights (at least one positive).
    mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var roll = unit() * total
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }
}
