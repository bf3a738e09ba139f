import FieldSyncShared

/// The dashboard page: the figures of a period against their targets, per region, with monthly
/// trend charts and the complaints and conflicts still open.
struct DashboardView: PageView {
    static let template = "dashboard"

    struct Labels: Sendable, Codable {
        var period: String
        var show: String
        var signOut: String
        var inspection: String
        var trend: String
        /// The figure table's column headers.
        var columns: [String]
        var openComplaints: String
        var openConflicts: String
        var definitions: String
    }

    /// A region the caller may choose in the header.
    struct Choice: Sendable, Codable {
        var value: String
        var name: String
        var selected: Bool
    }

    struct Link: Sendable, Codable {
        var link: String
        var text: String
    }

    /// A region's score at a glance.
    struct Card: Sendable, Codable {
        var scope: String
        var name: String
        /// The score band's id (`excellent`, …, `none`), for its colour.
        var band: String
        var score: String
        var bandName: String
    }

    struct Chart: Sendable, Codable {
        struct Series: Sendable, Codable {
            var color: String
            var name: String
        }

        var kind: String
        var name: String
        var target: String
        /// Drawn by ``TrendChart``, which escapes every text it writes into it: the page's one
        /// value inserted as markup (`{{{svg}}}`).
        var svg: String
        var legend: [Series]
    }

    struct Section: Sendable, Codable {
        struct Row: Sendable, Codable {
            var scope: String
            var id: String
            var name: String
            var count: String
            var value: String
            var target: String
            /// The status's id (`met`, `missed`, `noData`), for its colour.
            var status: String
            var statusName: String
            var manual: String
            /// The link to the records behind the figure, when there are any (none or one).
            var drillDown: [Link]
        }

        var scope: String
        var name: String
        var figures: [Row]
    }

    struct OpenComplaint: Sendable, Codable {
        var id: RecordLabel
        var region: String
        var severity: String
        var major: Bool
        var receivedAt: String
        var handler: String
    }

    struct OpenConflict: Sendable, Codable {
        var kind: String
        var id: RecordLabel
        var fields: String
    }

    var lang: String
    var title: String
    var heading: String
    var labels: Labels
    var period: String
    var scopeName: String
    /// When the figures were taken, if the period is not over (none or one).
    var asOf: [String]
    var choices: [Choice]
    /// The same page in the other language.
    var otherLanguage: Link
    var inspectionLink: String
    var cards: [Card]
    var charts: [Chart]
    var sections: [Section]
    var openComplaintCount: Int
    var openComplaints: [OpenComplaint]
    var openConflictCount: Int
    var openConflicts: [OpenConflict]
    var definitions: String
}
