import FieldSyncShared

/// The dashboard as HTML: a plain function of the reports it shows.
struct DashboardPage {
    let report: ServiceReport
    /// One report per month, oldest first, for the trend charts.
    let trend: [ServiceReport]
    let language: Language
    /// The regions the caller may choose from (one for an office, all for hq).
    let choices: [ReportScope]

    var zh: Bool { language == .chinese }
    func t(_ english: String, _ chinese: String) -> String { zh ? chinese : english }

    /// The query string that keeps the page's choices, with `changes` applied.
    func link(_ path: String, _ changes: [String: String] = [:]) -> String {
        var query = ["period": report.period.description, "region": report.scope.description, "lang": language.rawValue]
        for (key, value) in changes { query[key] = value }
        return path + "?" + query.sorted { $0.key < $1.key }.map { "\($0.key)=\(HTML.query($0.value))" }.joined(separator: "&amp;")
    }

    func render() -> String {
        var body = header(title: t("Service targets", "售后服务指标"))
        body += "<main>"
        body += "<p>" + HTML.escape(t("Period", "期间")) + ": <b>\(HTML.escape(report.period.description))</b> · "
            + HTML.escape(report.scope.name(in: language))
        if let asOf = report.asOf { body += " · " + HTML.escape(t("as of ", "截至 ") + asOf.shortDescription) }
        body += " · <a class=\"noprint\" href=\"\(link("/dashboard/inspection"))\">" + t("monthly inspection", "月度检查报告") + "</a></p>"
        body += scoreCards()
        body += charts()
        for section in report.sections { body += sectionTable(section) }
        body += openLists()
        body += "<details class=\"noprint\"><summary>" + t("How each figure is defined", "各项指标的定义") + "</summary><pre>"
            + HTML.escape(ServiceReport.definitions(in: language)) + "</pre></details>"
        body += "</main>"
        return HTML.page(title: t("FieldSync service targets", "售后服务指标"), language: language.rawValue, body: body)
    }

    func header(title: String) -> String {
        var out = "<header><h1>\(HTML.escape(title))</h1><form method=\"get\" action=\"/dashboard\">"
        out += "<label>" + t("Period", "期间") + " <input name=\"period\" size=\"10\" value=\"\(HTML.escape(report.period.description))\"></label>"
        out += "<select name=\"region\">"
        for choice in choices {
            let selected = choice == report.scope ? " selected" : ""
            out += "<option value=\"\(choice)\"\(selected)>\(HTML.escape(choice.name(in: language)))</option>"
        }
        out += "</select><input type=\"hidden\" name=\"lang\" value=\"\(language.rawValue)\"><button>" + t("Show", "查看") + "</button></form>"
        out += "<a href=\"\(link("/dashboard", ["lang": zh ? "en" : "zh"]))\">" + (zh ? "English" : "中文") + "</a>"
        out += "<a href=\"/logout\">" + t("Sign out", "退出") + "</a></header>"
        return out
    }

    func scoreCards() -> String {
        var out = "<div class=\"cards\">"
        for section in report.sections {
            let band = section.band
            out += "<div class=\"card\" data-region=\"\(section.scope)\"><div>\(HTML.escape(section.scope.name(in: language)))</div>"
            out += "<div class=\"score band-\(band?.rawValue ?? "none")\" data-score=\"\(section.scope)\">"
                + (section.score.map { ServiceReport.decimal($0, places: 1) } ?? "—") + "</div>"
            out += "<div>" + HTML.escape(band?.name(in: language) ?? t("no data", "无数据")) + "</div></div>"
        }
        return out + "</div>"
    }

    func sectionTable(_ section: ReportSection) -> String {
        var out = "<section class=\"region\" id=\"region-\(section.scope)\"><h2>\(HTML.escape(section.scope.name(in: language)))</h2><table>"
        out += "<tr><th>" + [t("Figure", "指标"), t("Count", "数量"), t("Value", "数值"), t("Target", "目标"), t("Status", "状态"), t("Manual", "手册"), ""]
            .joined(separator: "</th><th>") + "</th></tr>"
        for figure in section.figures {
            let records = figure.missed.count + figure.pending.count
            let drill =
                records == 0 ? ""
                : "<a href=\"\(link("/dashboard/records", ["figure": figure.id.rawValue, "region": section.scope.description]))\">"
                    + t("\(figure.missed.count) missed, \(figure.pending.count) pending", "未达标 \(figure.missed.count)，待定 \(figure.pending.count)") + "</a>"
            out += "<tr><td>\(HTML.escape(figure.name(in: language)))</td>"
            out += "<td class=\"num\">\(HTML.escape(figure.displayCount))</td>"
            out += "<td class=\"num value\" data-region=\"\(section.scope)\" data-figure=\"\(figure.id.rawValue)\">\(HTML.escape(figure.displayValue))</td>"
            out += "<td>\(HTML.escape(figure.target.text))</td>"
            out += "<td><span class=\"badge \(figure.status.rawValue)\" data-status=\"\(section.scope)/\(figure.id.rawValue)\">\(HTML.escape(figure.status.name(in: language)))</span></td>"
            out += "<td>\(HTML.escape(figure.manualSection))</td><td>\(drill)</td></tr>"
        }
        return out + "</table></section>"
    }

    func charts() -> String {
        let kinds: [FigureKind] = [.onSite24h, .firstTimeFix, .customerSatisfaction, .complaintResolution]
        let months = trend.map { $0.period.description }
        var out = "<h2>" + t("Trend by month", "按月趋势") + "</h2><div class=\"charts\">"
        let scopes = report.sections.map(\.scope)
        for kind in kinds {
            let series = scopes.enumerated().map { index, scope in
                TrendChart.Series(
                    name: scope.name(in: language), color: TrendChart.palette[index % TrendChart.palette.count],
                    values: trend.map { $0.section(scope)?[kind]?.value })
            }
            let chart = TrendChart(
                title: kind.name(in: language), months: months, series: series, target: kind.target.threshold,
                isRatio: kind.unit == .ratio)
            out += "<div class=\"chart\" data-chart=\"\(kind.rawValue)\"><h3>\(HTML.escape(kind.name(in: language))) (\(HTML.escape(kind.target.text)))</h3>"
            out += chart.svg()
            out += "<div class=\"legend\">" + series.map { "<span><i style=\"background:\($0.color)\"></i>\(HTML.escape($0.name))</span>" }.joined() + "</div></div>"
        }
        return out + "</div>"
    }

    func openLists() -> String {
        var out = "<section class=\"region\"><h2>" + t("Open complaints", "未解决投诉") + " (\(report.openComplaints.count))</h2><table>"
        for complaint in report.openComplaints {
            out += "<tr><td>\(complaint.id)</td><td>\(HTML.escape(complaint.region.name(in: language)))</td><td>"
                + (complaint.severity == .major ? "<b>" + t("major", "重大") + "</b>" : t("general", "一般"))
                + "</td><td>\(HTML.escape(complaint.receivedAt.shortDescription))</td><td>\(HTML.escape(complaint.handler ?? ""))</td></tr>"
        }
        out += "</table><h2>" + t("Unsettled conflicts (counted with provisional values)", "未处理冲突（按暂定值计入）") + " (\(report.openConflicts.count))</h2><table>"
        for conflict in report.openConflicts {
            out += "<tr><td>\(HTML.escape(conflict.kind))</td><td>\(conflict.id)</td><td>\(HTML.escape(conflict.fields.joined(separator: ", ")))</td></tr>"
        }
        return out + "</table></section>"
    }
}
