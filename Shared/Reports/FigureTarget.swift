/// What a figure must reach: a comparison with a threshold, and how it is written.
///
/// Thresholds are in the figure's own unit: a ratio (`0.97` for 97%), a count, or points.
public struct FigureTarget: Hashable, Sendable, Codable {
    /// How the value is compared with the threshold.
    public enum Comparison: String, Hashable, Sendable, Codable {
        /// `≥`
        case atLeast = "at_least"
        /// `>`
        case above
        /// `≤`
        case atMost = "at_most"
        /// `<`
        case below

        /// `≥`, `>`, `≤` or `<`.
        public var symbol: String {
            switch self {
            case .atLeast: "≥"
            case .above: ">"
            case .atMost: "≤"
            case .below: "<"
            }
        }

        /// Whether reaching the target means staying under the threshold.
        public var isLimit: Bool { self == .atMost || self == .below }
    }

    /// How the value is compared with the threshold.
    public let comparison: Comparison
    /// The threshold in the figure's unit: `0.97` for 97%, `0` major complaints, `70` points.
    public let threshold: Double
    /// The target as the manual writes it: `≥ 97%`, `100%`, `0`, `≥ 70`.
    public let text: String

    /// A target of `comparison` against `threshold`, written `text`.
    public init(_ comparison: Comparison, _ threshold: Double, text: String) {
        self.comparison = comparison
        self.threshold = threshold
        self.text = text
    }

    // Ratios are quotients of counts: a tolerance far below any real difference keeps
    // 97/100 equal to 0.97 whatever the rounding of the division.
    private static let tolerance = 1e-9

    /// Whether `value` reaches the target.
    public func isMet(by value: Double) -> Bool {
        switch comparison {
        case .atLeast: value >= threshold - Self.tolerance
        case .above: value > threshold + Self.tolerance
        case .atMost: value <= threshold + Self.tolerance
        case .below: value < threshold - Self.tolerance
        }
    }

    /// The share of its points a figure with `value` earns towards the score (0…1).
    ///
    /// A met target earns everything. A missed one earns at most half, falling
    /// linearly to nothing at `span` away from the threshold: 10 percentage points
    /// below an at-least target (the threshold itself when it is under 10%), or at
    /// twice an at-most limit. A count whose limit is 0 earns nothing once it is missed.
    public func credit(for value: Double) -> Double {
        if isMet(by: value) { return 1 }
        let gap = comparison.isLimit ? value - threshold : threshold - value
        let span = comparison.isLimit ? threshold : min(0.10, threshold)
        guard span > 0 else { return 0 }
        return 0.5 * max(0, 1 - max(0, gap) / span)
    }
}
