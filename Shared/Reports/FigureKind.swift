/// The service targets headquarters checks (DESIGN.md §2), each a figure of a report.
///
/// The raw value is the figure's stable id in JSON, CSV and URLs (`on_site_24h`).
/// `definition` says exactly what is counted; `ServiceReport.definitions(in:)`
/// prints all of them.
public enum FigureKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// 24 小时内上门: repair visits called in the period reached within 24 h of the call (goal 100%).
    ///
    /// Repair visits whose `called_at` falls in the period. On time: `arrived_at −
    /// called_at ≤ 24 h`; exactly 24 h is on time, one second more is late. A call
    /// with no arrival is late once its 24 h have run out before the cut-off (the end
    /// of the period, or the moment the report is made if that is earlier); until
    /// then it is pending and left out.
    case onSite24h = "on_site_24h"
    /// 维修一次成功率: closed repair visits completed in the period fixed the first time (> 90%).
    ///
    /// Repair visits with status closed whose `completed_at` falls in the period and
    /// whose first-time fix is recorded; met: yes. Unrecorded ones are pending.
    case firstTimeFix = "first_time_fix"
    /// 返修率: closed repairs completed in the period that needed another repair within 30 days (≤ 2%).
    ///
    /// A closed repair counts as reworked when another repair call for the same
    /// customer (any region) comes in after its completion and at most 30 days
    /// (720 h) later — unless the repair itself was recorded as not fixed the first
    /// time: then the follow-up finishes the same job and counts against first-time
    /// fix instead. Rate = reworked ÷ closed repairs completed in the period.
    case rework
    /// 投诉率: complaints received in the period per customer served in the period (< 1%).
    ///
    /// A customer is served in a period when one of their visits, of any kind, was
    /// attended in it: its `arrived_at`, or without one its `completed_at`, falls in
    /// the period. Each customer counts once; every complaint counts.
    case complaintRate = "complaint_rate"
    /// 投诉解决率: complaints received in the period that are resolved (≥ 97%).
    ///
    /// Open complaints are the misses and are listed, not dropped; no complaints is no data.
    case complaintResolution = "complaint_resolution"
    /// 投诉人满意率: resolved complaints received in the period whose complainant was satisfied (≥ 95%).
    ///
    /// Resolved complaints without the answer recorded are pending, listed, not counted.
    case complainantSatisfaction = "complainant_satisfaction"
    /// 顾客满意度: opinion cards filled in the period that say 满意 (goal 100%).
    ///
    /// Dated by `filled_at`, or without it by the date the card's visit was attended.
    /// Satisfied: 满意 (`satisfied`) or a score of 4 or 5. 基本满意 (`fairly-satisfied`),
    /// 不满意 and scores 1–3 are not: the manual's goal is 满意 from every customer, and
    /// the five-point scale maps 5–4 to 满意, 3 to 基本满意 and 2–1 to 不满意.
    case customerSatisfaction = "customer_satisfaction"
    /// 重大投诉: major complaints received in the year to the period's end (none).
    ///
    /// Complaints of severity major received from January 1 of the period's year through its last day.
    case majorComplaints = "major_complaints"
    /// 回访率: customers given a return visit in the year to the period's end ÷ customers served then (≥ 5%).
    case returnVisits = "return_visits"
    /// 达标得分: the score out of 100 made from the other figures (70 pass, 80 good, 90 excellent).
    ///
    /// Every other figure with data carries an equal share of the 100 points; see
    /// `FigureTarget.credit(for:)` for the partial credit of a missed figure.
    case score

    /// The figures the score is made from: every kind but the score itself.
    public static let scored: [FigureKind] = allCases.filter { $0 != .score }

    /// What the value measures.
    public enum Unit: String, Hashable, Sendable, Codable {
        /// numerator ÷ denominator, 0…1, shown as a percentage.
        case ratio
        /// A number of records.
        case count
        /// Points out of 100.
        case points
    }

    /// What the figure's value measures.
    public var unit: Unit {
        switch self {
        case .majorComplaints: .count
        case .score: .points
        default: .ratio
        }
    }

    /// The figure's name in English.
    public var englishName: String {
        switch self {
        case .onSite24h: "On site within 24 h"
        case .firstTimeFix: "Repair first-time fix"
        case .rework: "Rework"
        case .complaintRate: "Complaint rate"
        case .complaintResolution: "Complaint resolution"
        case .complainantSatisfaction: "Complainant satisfaction"
        case .customerSatisfaction: "Customer satisfaction"
        case .majorComplaints: "Major complaints (year)"
        case .returnVisits: "Return visits (year)"
        case .score: "Score"
        }
    }

    /// The figure's name as the manual's readers say it.
    public var chineseName: String {
        switch self {
        case .onSite24h: "24小时内上门"
        case .firstTimeFix: "维修一次成功率"
        case .rework: "返修率"
        case .complaintRate: "投诉率"
        case .complaintResolution: "投诉解决率"
        case .complainantSatisfaction: "投诉人满意率"
        case .customerSatisfaction: "顾客满意度"
        case .majorComplaints: "重大投诉（年）"
        case .returnVisits: "回访率（年）"
        case .score: "达标得分"
        }
    }

    /// The figure's name in `language`.
    public func name(in language: Language) -> String { language.text(englishName, zh: chineseName) }

    /// Where the manual sets the target.
    public var manualSection: String {
        switch self {
        case .onSite24h: "1.0 §4.4, 8.0 §4.7"
        case .firstTimeFix: "8.0 §4.4"
        case .rework: "8.0 §4.3"
        case .complaintRate, .complaintResolution, .complainantSatisfaction: "6.0 §4.5"
        case .customerSatisfaction, .majorComplaints: "1.0 §4.4"
        case .returnVisits: "7.0 §4.5"
        case .score: "10 §4.2"
        }
    }

    /// The manual's target (DESIGN.md §2).
    public var target: FigureTarget {
        switch self {
        case .onSite24h: FigureTarget(.atLeast, 1, text: "100%")
        case .firstTimeFix: FigureTarget(.above, 0.90, text: "> 90%")
        case .rework: FigureTarget(.atMost, 0.02, text: "≤ 2%")
        case .complaintRate: FigureTarget(.below, 0.01, text: "< 1%")
        case .complaintResolution: FigureTarget(.atLeast, 0.97, text: "≥ 97%")
        case .complainantSatisfaction: FigureTarget(.atLeast, 0.95, text: "≥ 95%")
        case .customerSatisfaction: FigureTarget(.atLeast, 1, text: "100%")
        case .majorComplaints: FigureTarget(.atMost, 0, text: "0")
        case .returnVisits: FigureTarget(.atLeast, 0.05, text: "≥ 5%")
        case .score: FigureTarget(.atLeast, 70, text: "≥ 70")
        }
    }
}
