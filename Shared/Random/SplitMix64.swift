/// FieldSync's one seeded random number generator (SplitMix64): the demo data, the benchmark
/// and every randomised test replay the same sequence from their seed on every machine.
///
/// Not for secrets: it is fast and well spread, not secure (ids and tokens use the system's
/// random source).
///
/// ```swift
/// var random = SplitMix64(seed: 42)
/// let roll = Int.random(in: 1...6, using: &random)   // the same on every run
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The seed the generator started from; put it in failure messages.
    public let seed: UInt64
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        self.state = seed
    }

    /// A generator for one independent stream of `seed`: the demo gives each customer its own,
    /// so adding customers does not change the ones before them.
    public init(seed: UInt64, stream: UInt64) {
        self.seed = seed
        self.state = Self.mix(seed &+ Self.mix(stream &+ 0x5EED))
    }

    /// The next 64 random bits (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
