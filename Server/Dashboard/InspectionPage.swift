import FieldSyncShared

/// The monthly service-quality inspection report (manual 8.0 §4.6) as a printable page.
struct InspectionPage {
    let report: InspectionReport
    let language: Language

    var zh: Bool { language == .chinese }
    func t(_ english: String, _ chinese: String) -> String { zh ? chinese : english }

    func render() -> String {
        let title = t("Monthly service-quality inspection", "月度服务质量检查报告")
        var body = "<header><h1>\(HTML.escape(title))</h1>"
        body += "<a href=\"/dashboard?period=\(HTML.query(report.period.description))&amp;region=\(report.scope)&amp;lang=\(language.rawValue)\">"
            + t("Back to the dashboard", "返回指标页") + "</a>"
        body += "<a href=\"javascript:print()\">" + t("Print", "打印") + "</a></header><main>"
        body += "<p>\(HTML.escape(report.period.description)) · \(HTML.escape(report.scope.name(in: language)))"
        if let asOf = report.asOf { body += " · " + HTML.escape(t("as of ", "截至 ") + asOf.shortDescription) }
        body += "</p>"
        for section in report.sections { body += render(section) }
        body += complaints()
        body += "</main>"
        return HTML.page(title: title, language: language.rawValue, body: body)
    }

    func render(_ section: InspectionReport.Section) -> String {
        var out = "<section class=\"region\" data-inspection=\"\(section.scope)\"><h2>\(HTML.escape(section.scope.name(in: language)))"
        if let score = section.score, let band = section.band {
            out += " · \(ServiceReport.decimal(score, places: 1)) \(HTML.escape(band.name(in: language)))"
        }
        out += "</h2>"
        // The month's figures, then the last months beside them.
        let months = section.trend.first?.points.map(\.month.description) ?? []
        out += "<table><tr><th>" + t("Figure", "指标") + "</th><th>" + t("Target", "目标") + "</th>"
            + months.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr>"
        for trend in section.trend {
            out += "<tr><td>\(HTML.escape(trend.figure.name(in: language)))</td><td>\(HTML.escape(trend.figure.target.text))</td>"
            for point in trend.points {
                out += "<td class=\"num\"><span class=\"badge \(point.status.rawValue)\">\(HTML.escape(Self.value(point, trend.figure)))</span></td>"
            }
            out += "</tr>"
        }
        out += "</table>"
        if section.misses.isEmpty {
            out += "<p>" + t("Every figure with data met its target.", "有数据的指标全部达标。") + "</p>"
        }
        for miss in section.misses {
            out += "<h3>\(HTML.escape(miss.figure.name(in: language))) — \(HTML.escape(t("missed", "未达标")))</h3>"
            if let note = miss.note { out += "<p>\(HTML.escape(note.text(in: language)))</p>" }
            if !miss.records.isEmpty {
                out += "<table><tr><th>" + [t("Record", "记录"), t("Customer", "客户"), t("Who", "人员"), t("When", "时间"), t("Why", "原因")]
                    .joined(separator: "</th><th>") + "</th></tr>"
                for record in miss.records {
                    out += "<tr data-miss=\"\(miss.figure.rawValue)\"><td>\(record.id)</td>"
                        + "<td>\(HTML.escape(record.customerName ?? record.customer.description))</td>"
                        + "<td>\(HTML.escape(record.who ?? ""))</td><td>\(HTML.escape(record.time?.shortDescription ?? ""))</td>"
                        + "<td>\(HTML.escape(record.why.text(in: language)))</td></tr>"
                }
                out += "</table>"
            }
        }
        return out + "</section>"
    }

    func complaints() -> String {
        var out = "<section class=\"region\"><h2>" + t("Complaints received in the month", "本月受理的投诉") + " (\(report.complaints.count))</h2>"
        out += "<table><tr><th>" + [t("Complaint", "投诉"), t("Region", "区域"), t("Customer", "客户"), t("Received", "受理"), t("Severity", "等级"), t("State", "状态"), t("Days", "天数")]
            .joined(separator: "</th><th>") + "</th></tr>"
        for entry in report.complaints {
            out += "<tr><td>\(entry.id)</td><td>\(HTML.escape(entry.region.name(in: language)))</td>"
                + "<td>\(HTML.escape(entry.customerName ?? entry.customer.description))</td>"
                + "<td>\(HTML.escape(entry.receivedAt.shortDescription))</td>"
                + "<td>\(entry.severity == .major ? "<b>" + t("major", "重大") + "</b>" : t("general", "一般"))</td>"
                + "<td>\(HTML.escape(entry.state.name(in: language)))</td><td class=\"num\">\(Int(entry.days.rounded()))</td></tr>"
        }
        return out + "</table></section>"
    }

    static func value(_ point: InspectionReport.TrendPoint, _ kind: FigureKind) -> String {
        guard let value = point.value else { return "—" }
        switch kind.unit {
        case .ratio: return ServiceReport.decimal(value * 100, places: 1) + "%"
        case .count: return String(Int(value))
        case .points: return ServiceReport.decimal(value, places: 1)
        }
    }
}
