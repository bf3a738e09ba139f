/// The inspection report as text for the terminal or a printer, in Chinese or English.
extension InspectionReport {
    /// One block per office (then the company): its figures against targets, what missed
    /// and why, and the six-month trend; then the month's complaints and what a reader
    /// must know to trust the figures (open conflicts, unreadable records).
    ///
    /// Columns are aligned by display width, as in `ServiceReport.table(language:)`.
    public func text(language: Language) -> String {
        var lines = [String]()
        var title = language.text("Monthly service-quality inspection \(period)", zh: "月度服务质量检查报告 \(period)")
        title += " · " + scope.name(in: language)
        if let asOf {
            title += language.text(" · as of \(asOf.shortDescription)", zh: " · 截至 \(asOf.shortDescription)")
        }
        lines.append(title + (language.text(" (manual 8.0 §4.6)", zh: "（手册 8.0 §4.6）")))
        for section in sections {
            lines.append("")
            lines += sectionLines(section, language: language)
        }
        lines.append("")
        lines += complaintLines(language: language)
        lines.append("")
        lines.append(
            language.text(
                "Open conflicts (counted with provisional values): \(figures.openConflicts.count)",
                zh: "未解决冲突（按暂定值计入）：\(figures.openConflicts.count)"))
        for conflict in figures.openConflicts {
            let kind = RecordKind(rawValue: conflict.kind)?.name(in: language) ?? conflict.kind
            lines.append("  \(conflict.id)  \(kind)  " + conflict.fields.joined(separator: ", "))
        }
        if figures.undecodable > 0 {
            lines.append(
                language.text(
                    "Records that could not be read and are not counted: \(figures.undecodable)",
                    zh: "无法解析、未计入的记录：\(figures.undecodable)"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func sectionLines(_ section: Section, language: Language) -> [String] {
        var lines = [String]()
        var heading = "== " + section.scope.name(in: language)
        if let score = section.score, let band = section.band {
            heading +=
                (language.text("  score ", zh: "  得分 ")) + ServiceReport.decimal(score, places: 1) + " "
                + band.name(in: language)
        } else {
            heading += language.text("  score —", zh: "  得分 —")
        }
        lines.append(heading + " ==")

        lines.append(language.text("The month's figures", zh: "本月指标"))
        let header = language.text(
            ["Figure", "Count", "Value", "Target", "Status"], zh: ["指标", "数量", "数值", "目标", "状态"])
        let rows = (figures.section(section.scope)?.figures ?? []).map { figure in
            [
                figure.name(in: language), ServiceReport.count(figure), ServiceReport.shownValue(figure),
                figure.target.text, figure.status.name(in: language),
            ]
        }
        lines += TextTable.aligned([header] + rows, rightAligned: [1, 2]).map { "  " + $0 }

        lines.append("")
        lines.append(
            language.text("What missed and why (\(section.misses.count))", zh: "未达标项及原因（\(section.misses.count)）"))
        if section.misses.isEmpty {
            lines.append(language.text("  every figure met its target or had no data", zh: "  全部达标或无数据"))
        }
        // The company's misses are the offices' records again: point to them rather than repeat them.
        let repeatsRegions = section.scope == .all && sections.count > 1
        for miss in section.misses {
            var line =
                "  " + miss.figure.name(in: language) + " — " + Self.shown(miss)
                + (language.text(", target ", zh: "，目标 "))
                + miss.target.text
            if let note = miss.note { line += (language.text(": ", zh: "：")) + note.text(in: language) }
            lines.append(line)
            guard !miss.records.isEmpty else { continue }
            if repeatsRegions {
                lines.append(
                    language.text(
                        "    \(miss.records.count) records, listed under each office above",
                        zh: "    \(miss.records.count) 条记录，见上文各办事处"))
                continue
            }
            let header =
                language.text(["Record", "Customer", "Who", "Time", "Why"], zh: ["记录", "客户", "人员", "时间", "原因"])
            let rows = miss.records.map { record in
                [
                    record.id.description, record.customerName ?? record.customer.description, record.who ?? "",
                    record.time?.shortDescription ?? "", Self.detail(record, language: language),
                ]
            }
            lines += TextTable.aligned([header] + rows, rightAligned: []).map { "    " + $0 }
            lines += Self.attachmentLines(
                miss.records.map { ($0.id, $0.attachments ?? []) }, language: language, indent: 4)
        }

        lines.append("")
        lines.append(
            language.text(
                "Trend over the last \(trendMonths.count) months (* missed)", zh: "近 \(trendMonths.count) 个月趋势（* 未达标）"))
        let trendHeader = [language.text("Figure", zh: "指标")] + trendMonths.map(\.description)
        let trendRows = section.trend.map { trend in
            [trend.figure.name(in: language)]
                + trend.points.map { Self.shown($0, unit: trend.figure.unit) + ($0.status == .missed ? "*" : "") }
        }
        lines += TextTable.aligned([trendHeader] + trendRows, rightAligned: Set(1...trendMonths.count)).map {
            "  " + $0
        }
        return lines
    }

    private func complaintLines(language: Language) -> [String] {
        var lines = [
            language.text("Complaints received in \(period) (\(complaints.count))", zh: "本月受理的投诉（\(complaints.count)）")
        ]
        guard !complaints.isEmpty else { return lines }
        let header =
            language.text(
                [
                    "Complaint", "Region", "Customer", "Received", "Severity", "Channel", "Handler", "State", "Days",
                    "Description",
                ], zh: ["投诉", "区域", "客户", "受理时间", "等级", "渠道", "处理人", "状态", "天数", "内容"])
        let rows = complaints.map { entry in
            [
                entry.id.description, entry.region.name(in: language), entry.customerName ?? entry.customer.description,
                entry.receivedAt.shortDescription,
                entry.severity == .major ? (language.text("major", zh: "重大")) : (language.text("general", zh: "一般")),
                language.text(entry.channel.rawValue, zh: MissExplainer.channel(entry.channel)), entry.handler ?? "",
                entry.state.name(in: language), ServiceReport.decimal(entry.days, places: 1), entry.description,
            ]
        }
        lines += TextTable.aligned([header] + rows, rightAligned: [8]).map { "  " + $0 }
        lines += Self.attachmentLines(complaints.map { ($0.id, $0.attachments ?? []) }, language: language, indent: 2)
        return lines
    }

    /// Under a table, the photos and scans of the records it lists: a heading, then one line per
    /// attachment naming its record; nothing when none has any.
    static func attachmentLines(
        _ records: [(id: RecordID, attachments: [AttachmentSummary])], language: Language, indent: Int
    ) -> [String] {
        let attached = records.filter { !$0.attachments.isEmpty }
        guard !attached.isEmpty else { return [] }
        let pad = String(repeating: " ", count: indent)
        var lines = [pad + language.text("Photos and scans:", zh: "照片和扫描件：")]
        for (id, attachments) in attached {
            for attachment in attachments {
                var line = pad + "  \(id)  " + attachment.text(in: language)
                if let by = attachment.attachedBy {
                    line += language.text(" attached by \(by)", zh: " 由 \(by) 添加")
                }
                lines.append(line)
            }
        }
        return lines
    }

    /// `8/10 80.0%`, or the count alone.
    static func shown(_ miss: FigureMiss) -> String {
        let value =
            miss.value.map {
                miss.figure.unit == .ratio ? ServiceReport.decimal($0 * 100, places: 1) + "%" : String(Int($0))
            } ?? "—"
        guard let denominator = miss.denominator else { return value }
        return "\(miss.numerator)/\(denominator) \(value)"
    }

    /// A trend cell: `90.0%`, `2`, `85.6`, or `—` without data.
    static func shown(_ point: TrendPoint, unit: FigureKind.Unit) -> String {
        guard let value = point.value else { return "—" }
        switch unit {
        case .ratio: return ServiceReport.decimal(value * 100, places: 1) + "%"
        case .count: return String(Int(value))
        case .points: return ServiceReport.decimal(value, places: 1)
        }
    }

    /// The why, with the times a reader checks it against (the time column holds the call,
    /// the completion, the receipt or the filling) and what the record says.
    static func detail(_ record: MissedRecord, language: Language) -> String {
        var parts = [record.why.text(in: language)]
        if record.kind == .visit {
            if let arrived = record.arrivedAt, record.hoursLate != nil {
                parts.append((language.text("arrived ", zh: "到场 ")) + arrived.shortDescription)
            }
            if let followUp = record.followUp, let called = record.followUpCalledAt {
                parts.append((language.text("called again ", zh: "再次报修 ")) + called.shortDescription + " (\(followUp))")
            }
        }
        if let text = record.text, !text.trimmingWhitespace().isEmpty { parts.append("“\(text)”") }
        return parts.joined(separator: language.text("; ", zh: "；"))
    }
}
