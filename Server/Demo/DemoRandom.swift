/// The demo generator's own seeded random source (SplitMix64), so a seed replays the same stretch
/// on every machine and toolchain: bounded draws are computed here, not by the standard library.
///
/// ```swift
/// var random = DemoRandom(seed: 1, stream: 7)
/// random.int(1...6)       // the same on every run
/// random.chance(0.25)
/// ```
struct DemoRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator for one independent stream of `seed`: each customer draws from its own, so
    /// adding customers does not change the ones before them.
    init(seed: UInt64, stream: UInt64 = 0) {
        state = Self.mix(seed &+ Self.mix(stream &+ 0x5EED))
    }

    /// The next 64 random bits (Steele, Lea and Flood, 2014).
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

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
