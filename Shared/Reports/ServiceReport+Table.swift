/// The report as a plain-text table for the terminal: one block per region, then the company.
extension ServiceReport {
    /// One block per section — figure, numerator/denominator, value, target, status — with
    /// the score and its band, then the open complaints, open conflicts and unreadable records.
    ///
    /// Columns are aligned by display width, so Chinese names (two columns a character) line up.
    public func table(language: Language) -> String {
        var lines = [String]()
        var title = language.text("Service figures \(period)", zh: "售后服务指标 \(period)")
        title += " · " + scope.name(in: language)
        if let asOf {
            title += language.text(" · as of \(asOf.shortDescription)", zh: " · 截至 \(asOf.shortDescription)")
        }
        lines.append(title)
        let header = language.text(
            ["Figure", "Count", "Value", "Target", "Status"], zh: ["指标", "数量", "数值", "目标", "状态"])
        for section in sections {
            lines.append("")
            var heading = section.scope.name(in: language)
            if let score = section.score, let band = section.band {
                heading +=
                    language.text(
                        "  score \(Self.decimal(score, places: 1)) \(band.name(in: language))",
                        zh: "  得分 \(Self.decimal(score, places: 1)) \(band.name(in: language))")
            } else {
                heading += language.text("  score —", zh: "  得分 —")
            }
            lines.append(heading)
            let rows = section.figures.map { figure in
                [
                    figure.name(in: language), Self.count(figure), Self.shownValue(figure), figure.target.text,
                    figure.status.name(in: language),
                ]
            }
            lines += TextTable.aligned([header] + rows, rightAligned: [1, 2])
        }
        lines.append("")
        lines.append(
            language.text("Open complaints: \(openComplaints.count)", zh: "未解决投诉：\(openComplaints.count)"))
        for complaint in openComplaints {
            let severity =
                complaint.severity == .major ? (language.text("major", zh: "重大")) : (language.text("general", zh: "一般"))
            lines.append(
                "  \(complaint.id)  \(complaint.region.name(in: language))  \(severity)  "
                    + complaint.receivedAt.shortDescription)
        }
        lines.append(language.text("Open conflicts: \(openConflicts.count)", zh: "未解决冲突：\(openConflicts.count)"))
        for conflict in openConflicts {
            let kind = RecordKind(rawValue: conflict.kind)?.name(in: language) ?? conflict.kind
            lines.append("  \(conflict.id)  \(kind)  " + conflict.fields.joined(separator: ", "))
        }
        if let attachments {
            let parents = attachments.map(\.parent).reduce(into: [RecordID]()) { if $0.last != $1 { $0.append($1) } }
            lines += InspectionReport.attachmentLines(
                parents.map { ($0, self.attachments(of: $0)) }, language: language, indent: 0)
        }
        if undecodable > 0 {
            lines.append(
                language.text(
                    "Records that could not be read and are not counted: \(undecodable)",
                    zh: "无法解析、未计入的记录：\(undecodable)")
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `9/10` for a ratio, the count for a count, figures met / with data for the score.
    static func count(_ figure: Figure) -> String {
        guard let denominator = figure.denominator else { return String(figure.numerator) }
        return "\(figure.numerator)/\(denominator)"
    }

    /// `90.0%`, `2`, `85.6`, or `—` without data.
    static func shownValue(_ figure: Figure) -> String {
        guard let value = figure.value else { return "—" }
        switch figure.unit {
        case .ratio: return decimal(value * 100, places: 1) + "%"
        case .count: return String(Int(value))
        case .points: return decimal(value, places: 1)
        }
    }

    /// `value` with exactly `places` decimals, rounded half away from zero; no locale involved.
    public static func decimal(_ value: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (value * scale).rounded()
        let whole = Int64(abs(scaled))
        let sign = scaled < 0 ? "-" : ""
        let unit = Int64(scale)
        guard places > 0 else { return sign + String(whole) }
        let fraction = String(whole % unit)
        return sign + String(whole / unit) + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}

extension Figure {
    /// The value as the table shows it: `98.0%`, a count, points, or `—` without data.
    public var displayValue: String { ServiceReport.shownValue(self) }
    /// `numerator/denominator` for a ratio, the count otherwise.
    public var displayCount: String { ServiceReport.count(self) }
}
