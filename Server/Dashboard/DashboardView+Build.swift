import FieldSyncShared

extension DashboardView {
    /// The figures the charts follow month by month.
    static let chartedFigures: [FigureKind] = [.onSite24h, .firstTimeFix, .customerSatisfaction, .complaintResolution]

    /// The page for `report`, with `trend` (one report per month, oldest first) for the charts;
    /// `choices` are the regions the caller may choose from (one for an office, all for hq).
    init(report: ServiceReport, trend: [ServiceReport], language: Language, choices: [ReportScope]) {
        let zh = language == .chinese
        func t(_ english: String, _ chinese: String) -> String { zh ? chinese : english }
        /// A dashboard path with the page's choices, `changes` applied.
        func link(_ path: String, _ changes: [String: String] = [:]) -> String {
            var query = ["period": report.period.description, "region": report.scope.description, "lang": language.rawValue]
            for (key, value) in changes { query[key] = value }
            return path + "?" + query.sorted { $0.key < $1.key }.map { "\($0.key)=\(HTML.query($0.value))" }.joined(separator: "&")
        }

        lang = language.rawValue
        title = t("FieldSync service targets", "售后服务指标")
        heading = t("Service targets", "售后服务指标")
        labels = Labels(
            period: t("Period", "期间"), show: t("Show", "查看"), signOut: t("Sign out", "退出"),
            inspection: t("monthly inspection", "月度检查报告"), trend: t("Trend by month", "按月趋势"),
            columns: [t("Figure", "指标"), t("Count", "数量"), t("Value", "数值"), t("Target", "目标"), t("Status", "状态"), t("Manual", "手册")],
            openComplaints: t("Open complaints", "未解决投诉"),
            openConflicts: t("Unsettled conflicts (counted with provisional values)", "未处理冲突（按暂定值计入）"),
            definitions: t("How each figure is defined", "各项指标的定义"))
        period = report.period.description
        scopeName = report.scope.name(in: language)
        asOf = report.asOf.map { [t("as of ", "截至 ") + $0.shortDescription] } ?? []
        self.choices = choices.map { Choice(value: $0.description, name: $0.name(in: language), selected: $0 == report.scope) }
        otherLanguage = Link(link: link("/dashboard", ["lang": zh ? "en" : "zh"]), text: zh ? "English" : "中文")
        inspectionLink = link("/dashboard/inspection")

        cards = report.sections.map { section in
            Card(
                scope: section.scope.description, name: section.scope.name(in: language), band: section.band?.rawValue ?? "none",
                score: section.score.map { ServiceReport.decimal($0, places: 1) } ?? "—",
                bandName: section.band?.name(in: language) ?? t("no data", "无数据"))
        }

        let months = trend.map { $0.period.description }
        let scopes = report.sections.map(\.scope)
        charts = Self.chartedFigures.map { kind in
            let series = scopes.enumerated().map { index, scope in
                TrendChart.Series(
                    name: scope.name(in: language), color: TrendChart.palette[index % TrendChart.palette.count],
                    values: trend.map { $0.section(scope)?[kind]?.value })
            }
            let chart = TrendChart(
                title: kind.name(in: language), months: months, series: series, target: kind.target.threshold,
                isRatio: kind.unit == .ratio)
            return Chart(
                kind: kind.rawValue, name: kind.name(in: language), target: kind.target.text, svg: chart.svg(),
                legend: series.map { Chart.Series(color: $0.color, name: $0.name) })
        }

        sections = report.sections.map { section in
            Section(
                scope: section.scope.description, name: section.scope.name(in: language),
                figures: section.figures.map { figure in
                    let drillDown =
                        figure.missed.isEmpty && figure.pending.isEmpty
                        ? []
                        : [
                            Link(
                                link: link("/dashboard/records", ["figure": figure.id.rawValue, "region": section.scope.description]),
                                text: t(
                                    "\(figure.missed.count) missed, \(figure.pending.count) pending",
                                    "未达标 \(figure.missed.count)，待定 \(figure.pending.count)"))
                        ]
                    return Section.Row(
                        scope: section.scope.description, id: figure.id.rawValue, name: figure.name(in: language),
                        count: figure.displayCount, value: figure.displayValue, target: figure.target.text,
                        status: figure.status.rawValue, statusName: figure.status.name(in: language),
                        manual: figure.manualSection, drillDown: drillDown)
                })
        }

        openComplaintCount = report.openComplaints.count
        openComplaints = report.openComplaints.map { complaint in
            OpenComplaint(
                id: RecordLabel(complaint.id), region: complaint.region.name(in: language),
                severity: complaint.severity == .major ? t("major", "重大") : t("general", "一般"), major: complaint.severity == .major,
                receivedAt: complaint.receivedAt.shortDescription, handler: complaint.handler ?? "")
        }
        openConflictCount = report.openConflicts.count
        openConflicts = report.openConflicts.map { conflict in
            OpenConflict(kind: conflict.kind, id: RecordLabel(conflict.id), fields: conflict.fields.joined(separator: ", "))
        }
        definitions = ServiceReport.definitions(in: language)
    }
}
