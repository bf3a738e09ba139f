import FieldSyncShared

/// The records behind one figure: the misses, then the pending ones, with their fields.
struct DrillDownPage {
    let figure: Figure?
    let kind: FigureKind
    let report: ServiceReport
    let records: [WireRecord]
    let language: Language

    var zh: Bool { language == .chinese }

    func render() -> String {
        let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let names = Dictionary(
            records.filter { $0.kind == RecordKind.customer.rawValue }.compactMap { record in
                record.state.value(of: "name")?.stringValue.map { (record.id.description, $0) }
            }, uniquingKeysWith: { first, _ in first })
        var body = "<header><h1>\(HTML.escape(kind.name(in: language)))</h1>"
        body += "<a href=\"/dashboard?period=\(HTML.query(report.period.description))&amp;region=\(report.scope)&amp;lang=\(language.rawValue)\">"
            + (zh ? "返回" : "Back") + "</a></header><main>"
        body += "<p>\(HTML.escape(report.period.description)) · \(HTML.escape(report.scope.name(in: language)))"
        if let figure {
            body += " · \(HTML.escape(figure.displayCount)) · \(HTML.escape(figure.displayValue)) · "
                + HTML.escape((zh ? "目标 " : "target ") + figure.target.text)
        }
        body += "</p><p>" + HTML.escape(kind.definition.text(in: language)) + "</p>"
        body += list(zh ? "未达标的记录" : "Records that missed", figure?.missed ?? [], byID, names, marker: "missed")
        body += list(zh ? "待定的记录" : "Pending records", figure?.pending ?? [], byID, names, marker: "pending")
        body += "</main>"
        return HTML.page(title: kind.name(in: language), language: language.rawValue, body: body)
    }

    func list(
        _ title: String, _ ids: [RecordID], _ byID: [RecordID: WireRecord], _ names: [String: String], marker: String
    ) -> String {
        var out = "<section class=\"region\"><h2>\(HTML.escape(title)) (\(ids.count))</h2>"
        let groups = Dictionary(grouping: ids.compactMap { byID[$0] }, by: \.kind)
        for (kindName, group) in groups.sorted(by: { $0.key < $1.key }) {
            guard let recordKind = RecordKind(rawValue: kindName) else { continue }
            let specs = recordKind.fields.filter { $0.name != "region" }
                .filter { spec in group.contains { $0.state.value(of: spec.name).map { !$0.isNull } ?? false } }
            out += "<table><tr><th>ID</th>" + specs.map { "<th>\(HTML.escape($0.label(in: language)))</th>" }.joined() + "</tr>"
            for record in group.sorted(by: { $0.id < $1.id }) {
                out += "<tr data-\(marker)=\"\(record.id)\"><td>\(record.id)</td>"
                for spec in specs {
                    let value = record.state.value(of: spec.name) ?? .null
                    var text = spec.display(value, in: language)
                    if case .reference = spec.type, let id = value.stringValue, let name = names[id] { text = name }
                    out += "<td>\(HTML.escape(text))</td>"
                }
                out += "</tr>"
            }
            out += "</table>"
        }
        return out + "</section>"
    }
}
