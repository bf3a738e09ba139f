import FieldSyncShared

/// The drill-down page: the records behind one figure, the misses then the pending ones, each
/// kind of record in a table of the fields it has.
struct DrillDownView: PageView {
    static let template = "drilldown"

    struct Labels: Sendable, Codable {
        var back: String
    }

    /// The figure's count, value and target (none when the scope has no such figure, or one).
    struct Summary: Sendable, Codable {
        var count: String
        var value: String
        var target: String
    }

    /// The misses, or the pending records.
    struct List: Sendable, Codable {
        struct Table: Sendable, Codable {
            struct Row: Sendable, Codable {
                var id: RecordLabel
                /// Whether the record missed the target (else it is pending).
                var missed: Bool
                var cells: [Cell]
                /// The record's photos and scans.
                var attachments: [AttachmentCell]
            }

            /// A field's value: a text, or another record named by its id (one of the two).
            struct Cell: Sendable, Codable {
                var text: [String] = []
                var record: [RecordLabel] = []
                /// Whether the text is short and kept on one line (a time, a choice, a number), so
                /// that free texts take the width that is left.
                var short = false
            }

            /// The labels of the fields shown, after the id, then the photos and scans'.
            var columns: [String]
            var rows: [Row]
        }

        var title: String
        var count: Int
        /// One table per kind of record.
        var tables: [Table]
    }

    var lang: String
    var title: String
    var heading: String
    var labels: Labels
    var backLink: String
    var period: String
    var scopeName: String
    var figure: [Summary]
    var definition: String
    var lists: [List]

    /// The page for `figure` of `report`, with `records` (those the caller may see) for the
    /// rows' fields, the customers' names and the photos and scans of the report's scope;
    /// `uploaded` holds the attachments whose bytes the server holds whole.
    init(
        figure: Figure?, kind: FigureKind, report: ServiceReport, records: [WireRecord], uploaded: Set<RecordID>,
        language: Language
    ) {
        let attachments = AttachmentSummary.grouped(AttachmentSummary.of(records), scope: report.scope)
        let files = Files(attachments: attachments, uploaded: uploaded)
        let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let names = Dictionary(
            records.filter { $0.kind == RecordKind.customer.rawValue }.compactMap { record in
                record.state.value(of: "name")?.stringValue.map { (record.id.description, $0) }
            }, uniquingKeysWith: { first, _ in first })

        lang = language.rawValue
        title = kind.name(in: language)
        heading = kind.name(in: language)
        labels = Labels(back: language.text("Back", zh: "返回"))
        backLink =
            "/dashboard?period=\(HTML.query(report.period.description))&region=\(HTML.query(report.scope.description))&lang=\(language.rawValue)"
        period = report.period.description
        scopeName = report.scope.name(in: language)
        self.figure =
            figure.map {
                [
                    Summary(
                        count: $0.displayCount, value: $0.displayValue,
                        target: (language.text("target ", zh: "目标 ")) + $0.target.text)
                ]
            } ?? []
        definition = kind.definition.text(in: language)
        lists = [
            Self.list(
                language.text("Records that missed", zh: "未达标的记录"), figure?.missed ?? [], missed: true, byID, names,
                files,
                language),
            Self.list(
                language.text("Pending records", zh: "待定的记录"), figure?.pending ?? [], missed: false, byID, names, files,
                language),
        ]
    }

    /// The photos and scans of the page's scope, and which of them the server holds.
    struct Files {
        var attachments: [RecordID: [AttachmentSummary]]
        var uploaded: Set<RecordID>
    }

    static func list(
        _ title: String, _ ids: [RecordID], missed: Bool, _ byID: [RecordID: WireRecord], _ names: [String: String],
        _ files: Files, _ language: Language
    ) -> List {
        let groups = Dictionary(grouping: ids.compactMap { byID[$0] }, by: \.kind)
        var tables = [List.Table]()
        for (kindName, group) in groups.sorted(by: { $0.key < $1.key }) {
            guard let recordKind = RecordKind(rawValue: kindName) else { continue }
            // The fields any of the group has, the region aside (the page names it).
            let specs = recordKind.fields.filter { $0.name != "region" }
                .filter { spec in group.contains { $0.state.value(of: spec.name).map { !$0.isNull } ?? false } }
            let rows = group.sorted(by: { $0.id < $1.id }).map { record in
                List.Table.Row(
                    id: RecordLabel(record.id), missed: missed,
                    cells: specs.map { spec in
                        let value = record.state.value(of: spec.name) ?? .null
                        // A reference shows the customer's name, or else the record's short id.
                        if case .reference = spec.type, let text = value.stringValue {
                            if let name = names[text] { return List.Table.Cell(text: [name]) }
                            if let id = RecordID(text) { return List.Table.Cell(record: [RecordLabel(id)]) }
                        }
                        let free: Bool
                        switch spec.type {
                        case .text, .list: free = true
                        default: free = false
                        }
                        return List.Table.Cell(text: [spec.display(value, in: language)], short: !free)
                    },
                    attachments: AttachmentCell.cells(
                        of: record.id, files.attachments, uploaded: files.uploaded, language: language))
            }
            let columns = specs.map { $0.label(in: language) } + [language.text("Photos and scans", zh: "照片和扫描件")]
            tables.append(List.Table(columns: columns, rows: rows))
        }
        return List(title: title, count: ids.count, tables: tables)
    }
}
