/// The report as a plain-text table for the terminal: one block per region, then the company.
extension ServiceReport {
    /// One block per section — figure, numerator/denominator, value, target, status — with
    /// the score and its band, then the open complaints, open conflicts and unreadable records.
    ///
    /// Columns are aligned by display width, so Chinese names (two columns a character) line up.
    public func table(language: Language) -> String {
        let zh = language == .chinese
        var lines = [String]()
        var title = zh ? "售后服务指标 \(period)" : "Service figures \(period)"
        title += " · " + scope.name(in: language)
        if let asOf { title += zh ? " · 截至 \(asOf.shortDescription)" : " · as of \(asOf.shortDescription)" }
        lines.append(title)
        let header = zh ? ["指标", "数量", "数值", "目标", "状态"] : ["Figure", "Count", "Value", "Target", "Status"]
        for section in sections {
            lines.append("")
            var heading = section.scope.name(in: language)
            if let score = section.score, let band = section.band {
                heading +=
                    zh
                    ? "  得分 \(Self.decimal(score, places: 1)) \(band.name(in: language))"
                    : "  score \(Self.decimal(score, places: 1)) \(band.name(in: language))"
            } else {
                heading += zh ? "  得分 —" : "  score —"
            }
            lines.append(heading)
            let rows = section.figures.map { figure in
                [
                    figure.name(in: language), Self.count(figure), Self.shownValue(figure), figure.target.text,
                    figure.status.name(in: language),
                ]
            }
            lines += Self.aligned([header] + rows, rightAligned: [1, 2])
        }
        lines.append("")
        lines.append(
            zh ? "未解决投诉：\(openComplaints.count)" : "Open complaints: \(openComplaints.count)")
        for complaint in openComplaints {
            let severity = complaint.severity == .major ? (zh ? "重大" : "major") : (zh ? "一般" : "general")
            lines.append(
                "  \(complaint.id)  \(complaint.region.name(in: language))  \(severity)  "
                    + complaint.receivedAt.shortDescription)
        }
        lines.append(zh ? "未解决冲突：\(openConflicts.count)" : "Open conflicts: \(openConflicts.count)")
        for conflict in openConflicts {
            let kind = RecordKind(rawValue: conflict.kind)?.name(in: language) ?? conflict.kind
            lines.append("  \(conflict.id)  \(kind)  " + conflict.fields.joined(separator: ", "))
        }
        if undecodable > 0 {
            lines.append(
                zh ? "无法解析、未计入的记录：\(undecodable)" : "Records that could not be read and are not counted: \(undecodable)"
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

    /// Pads every column to its widest cell, two spaces apart.
    static func aligned(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], width(cell)) } }
        return rows.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - width(cell))
                if index > 0 { line += "  " }
                line += rightAligned.contains(index) ? padding + cell : cell + padding
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    /// The columns a terminal gives `text`: two for East Asian wide characters, one otherwise.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                0xFFE0...0xFFE6, 0x20000...0x3FFFD:
                total + 2
            case 0x0300...0x036F, 0x200B...0x200F:
                total
            default:
                total + 1
            }
        }
    }
}

extension Figure {
    /// The value as the table shows it: `98.0%`, a count, points, or `—` without data.
    public var displayValue: String { ServiceReport.shownValue(self) }
    /// `numerator/denominator` for a ratio, the count otherwise.
    public var displayCount: String { ServiceReport.count(self) }
}
