/// Whether a figure reached its target.
public enum FigureStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// The value reaches the target.
    case met
    /// The value falls short of the target.
    case missed
    /// Nothing to judge: the figure's denominator is 0 (no complaints, no repairs, …).
    /// Neither 0% nor 100%, and left out of the score.
    case noData = "no_data"

    /// `met` / `达标`, `missed` / `未达标`, `no data` / `无数据`.
    public func name(in language: Language) -> String {
        switch (self, language) {
        case (.met, .english): "met"
        case (.met, .chinese): "达标"
        case (.missed, .english): "missed"
        case (.missed, .chinese): "未达标"
        case (.noData, .english): "no data"
        case (.noData, .chinese): "无数据"
        }
    }
}
