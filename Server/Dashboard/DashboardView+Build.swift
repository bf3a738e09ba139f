import FieldSyncShared

extension DashboardView {
    /// The figures the charts follow month by month.
    static let chartedFigures: [FigureKind] = [.onSite24h, .firstTimeFix, .customerSatisfaction, .complaintResolution]

    /// The page for `report`, with `trend` (one report per month, oldest first) for the charts;
    /// `choices` are the regions the caller may choose from (one for an office, all for hq).
    init(report: ServiceReport, trend: [ServiceReport], language: Language, choices: [ReportScope]) {
        /// A dashboard path with the page's choices, `changes` applied.
        func link(_ path: String, _ changes: [String: String] = [:]) -> String {
            var query = [
                "period": report.period.description, "region": report.scope.description, "lang": language.rawValue,
            ]
            for (key, value) in changes { query[key] = value }
            return path + "?"
                + query.sorted { $0.key < $1.key }.map { "\($0.key)=\(HTML.query($0.value))" }.joined(separator: "&")
        }

        lang = language.rawValue
        title = language.text("FieldSync service targets", zh: "售后服务指标")
        heading = language.text("Service targets", zh: "售后服务指标")
        labels = Labels(
            period: language.text("Period", zh: "期间"), show: language.text("Show", zh: "查看"),
            signOut: language.text("Sign out", zh: "退出"),
            inspection: language.text("monthly inspection", zh: "月度检查报告"),
            trend: language.text("Trend by month", zh: "按月趋势"),
            columns: [
                language.text("Figure", zh: "指标"), language.text("Count", zh: "数量"), language.text("Value", zh: "数值"),
                language.text("Target", zh: "目标"), language.text("Status", zh: "状态"), language.text("Manual", zh: "手册"),
            ],
            openComplaints: language.text("Open complaints", zh: "未解决投诉"),
            openConflicts: language.text("Unsettled conflicts (counted with provisional values)", zh: "未处理冲突（按暂定值计入）"),
            definitions: language.text("How each figure is defined", zh: "各项指标的定义"))
        period = report.period.description
        scopeName = report.scope.name(in: language)
        asOf = report.asOf.map { [language.text("as of ", zh: "截至 ") + $0.shortDescription] } ?? []
        self.choices = choices.map {
            Choice(value: $0.description, name: $0.name(in: language), selected: $0 == report.scope)
        }
        otherLanguage = Link(
            link: link("/dashboard", ["lang": language.text("zh", zh: "en")]), text: language.text("中文", zh: "English"))
        inspectionLink = link("/dashboard/inspection")

        cards = report.sections.map { section in
            Card(
                scope: section.scope.description, name: section.scope.name(in: language),
                band: section.band?.rawValue ?? "none",
                score: section.score.map { ServiceReport.decimal($0, places: 1) } ?? "—",
                bandName: section.band?.name(in: language) ?? language.text("no data", zh: "无数据"))
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
                                link: link(
                                    "/dashboard/records",
                                    ["figure": figure.id.rawValue, "region": section.scope.description]),
                                text: language.text(
                                    "\(figure.missed.count) missed, \(figure.pending.count) pending",
                                    zh: "未达标 \(figure.missed.count)，待定 \(figure.pending.count)"))
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
                severity: complaint.severity == .major
                    ? language.text("major", zh: "重大") : language.text("general", zh: "一般"),
                major: complaint.severity == .major,
                receivedAt: complaint.receivedAt.shortDescription, handler: complaint.handler ?? "")
        }
        openConflictCount = report.openConflicts.count
        openConflicts = report.openConflicts.map { conflict in
            OpenConflict(
                kind: conflict.kind, id: RecordLabel(conflict.id), fields: conflict.fields.joined(separator: ", "))
        }
        definitions = ServiceReport.definitions(in: language)
    }
}
