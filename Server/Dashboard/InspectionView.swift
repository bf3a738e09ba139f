import FieldSyncShared

/// The monthly service-quality inspection report (manual 8.0 §4.6) as a printable page: per
/// region the month's figures beside the months before, the misses with the records behind
/// them, then the complaints received in the month.
struct InspectionView: PageView {
    static let template = "inspection"

    struct Labels: Sendable, Codable {
        var back: String
        var print: String
        var figure: String
        var target: String
        var complaints: String
        var complaintColumns: [String]
    }

    struct Section: Sendable, Codable {
        struct Trend: Sendable, Codable {
            struct Point: Sendable, Codable {
                /// The status's id (`met`, `missed`, `noData`), for its colour.
                var status: String
                var value: String
            }

            var name: String
            var target: String
            var points: [Point]
        }

        struct Miss: Sendable, Codable {
            /// The records behind a miss.
            struct Table: Sendable, Codable {
                struct Record: Sendable, Codable {
                    var figure: String
                    var id: RecordLabel
                    var customer: String
                    var who: String
                    var time: String
                    var why: String
                    /// The record's photos and scans.
                    var attachments: [AttachmentCell]
                }

                var columns: [String]
                var records: [Record]
            }

            /// The figure's name, and that it missed.
            var heading: String
            /// Why the figure missed, in a sentence (none or one).
            var note: [String]
            /// The records behind the miss, if it has any (none or one).
            var table: [Table]
        }

        var scope: String
        var name: String
        /// The score and its band (none or one).
        var score: [String]
        var months: [String]
        var trends: [Trend]
        /// Says that every figure with data met its target, when none missed (none or one).
        var allMet: [String]
        var misses: [Miss]
    }

    struct ComplaintRow: Sendable, Codable {
        var id: RecordLabel
        var region: String
        var customer: String
        var receivedAt: String
        var severity: String
        var major: Bool
        var state: String
        var days: String
        /// The complaint's photos and scans.
        var attachments: [AttachmentCell]
    }

    var lang: String
    var title: String
    var heading: String
    var labels: Labels
    var backLink: String
    var period: String
    var scopeName: String
    /// When the figures were taken, if the month is not over (none or one).
    var asOf: [String]
    var sections: [Section]
    var complaintCount: Int
    var complaints: [ComplaintRow]

    /// The page of `report`; `uploaded` holds the attachments whose bytes the server holds whole.
    init(report: InspectionReport, uploaded: Set<RecordID>, language: Language) {
        func cells(_ attachments: [AttachmentSummary]?) -> [AttachmentCell] {
            (attachments ?? []).map { AttachmentCell($0, uploaded: uploaded.contains($0.id), language: language) }
        }

        lang = language.rawValue
        title = language.text("Monthly service-quality inspection", zh: "月度服务质量检查报告")
        heading = title
        labels = Labels(
            back: language.text("Back to the dashboard", zh: "返回指标页"), print: language.text("Print", zh: "打印"),
            figure: language.text("Figure", zh: "指标"),
            target: language.text("Target", zh: "目标"),
            complaints: language.text("Complaints received in the month", zh: "本月受理的投诉"),
            complaintColumns: [
                language.text("Complaint", zh: "投诉"), language.text("Region", zh: "区域"),
                language.text("Customer", zh: "客户"), language.text("Received", zh: "受理"),
                language.text("Severity", zh: "等级"),
                language.text("State", zh: "状态"), language.text("Days", zh: "天数"),
                language.text("Photos and scans", zh: "照片和扫描件"),
            ])
        backLink =
            "/dashboard?period=\(HTML.query(report.period.description))&region=\(HTML.query(report.scope.description))&lang=\(language.rawValue)"
        period = report.period.description
        scopeName = report.scope.name(in: language)
        asOf = report.asOf.map { [language.text("as of ", zh: "截至 ") + $0.shortDescription] } ?? []
        let missColumns = [
            language.text("Record", zh: "记录"), language.text("Customer", zh: "客户"), language.text("Who", zh: "人员"),
            language.text("When", zh: "时间"), language.text("Why", zh: "原因"),
            language.text("Photos and scans", zh: "照片和扫描件"),
        ]
        sections = report.sections.map { section in
            var score = [String]()
            if let value = section.score, let band = section.band {
                score = ["\(ServiceReport.decimal(value, places: 1)) \(band.name(in: language))"]
            }
            return Section(
                scope: section.scope.description, name: section.scope.name(in: language), score: score,
                months: section.trend.first?.points.map(\.month.description) ?? [],
                trends: section.trend.map { trend in
                    Section.Trend(
                        name: trend.figure.name(in: language), target: trend.figure.target.text,
                        points: trend.points.map {
                            Section.Trend.Point(status: $0.status.rawValue, value: Self.value($0, trend.figure))
                        })
                },
                allMet: section.misses.isEmpty
                    ? [language.text("Every figure with data met its target.", zh: "有数据的指标全部达标。")] : [],
                misses: section.misses.map { miss in
                    let records = miss.records.map { record in
                        Section.Miss.Table.Record(
                            figure: miss.figure.rawValue, id: RecordLabel(record.id),
                            customer: record.customerName ?? record.customer.description, who: record.who ?? "",
                            time: record.time?.shortDescription ?? "", why: record.why.text(in: language),
                            attachments: cells(record.attachments))
                    }
                    return Section.Miss(
                        heading: miss.figure.name(in: language) + " — " + language.text("missed", zh: "未达标"),
                        note: miss.note.map { [$0.text(in: language)] } ?? [],
                        table: records.isEmpty ? [] : [Section.Miss.Table(columns: missColumns, records: records)])
                })
        }
        complaintCount = report.complaints.count
        complaints = report.complaints.map { entry in
            ComplaintRow(
                id: RecordLabel(entry.id), region: entry.region.name(in: language),
                customer: entry.customerName ?? entry.customer.description,
                receivedAt: entry.receivedAt.shortDescription,
                severity: entry.severity == .major
                    ? language.text("major", zh: "重大") : language.text("general", zh: "一般"),
                major: entry.severity == .major,
                state: entry.state.name(in: language), days: String(Int(entry.days.rounded())),
                attachments: cells(entry.attachments))
        }
    }

    /// A point of a figure's trend as the table shows it.
    static func value(_ point: InspectionReport.TrendPoint, _ kind: FigureKind) -> String {
        guard let value = point.value else { return "—" }
        switch kind.unit {
        case .ratio: return ServiceReport.decimal(value * 100, places: 1) + "%"
        case .count: return String(Int(value))
        case .points: return ServiceReport.decimal(value, places: 1)
        }
    }
}
