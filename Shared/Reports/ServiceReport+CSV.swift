/// The report as CSV for spreadsheets: one row per section × figure.
extension ServiceReport {
    /// The CSV header and one row per section and figure (RFC 4180, `\r\n`-free: lines end in `\n`).
    ///
    /// Columns: `period, scope, figure, name, manual_section, numerator, denominator,
    /// value, target, status, missed, pending, attachments`. `scope` is a region (`north`) or `all`
    /// for the company; `value` is a ratio to four decimals (0.9167), a count, or the
    /// score to one decimal, and empty without data; `missed` and `pending` are record
    /// ids separated by spaces; `attachments` names the photos and scans of those records
    /// (`AttachmentSummary.cell`). Names are in `language` (English by default).
    public func csv(language: Language = .english) -> String {
        var lines = [
            "period,scope,figure,name,manual_section,numerator,denominator,value,target,status,missed,pending,attachments"
        ]
        for section in sections {
            for figure in section.figures {
                let value: String =
                    switch (figure.value, figure.unit) {
                    case (nil, _): ""
                    case (let value?, .ratio): Self.decimal(value, places: 4)
                    case (let value?, .count): String(Int(value))
                    case (let value?, .points): Self.decimal(value, places: 1)
                    }
                let cells = [
                    period.description, section.scope.description, figure.id.rawValue, figure.name(in: language),
                    figure.manualSection, String(figure.numerator), figure.denominator.map(String.init) ?? "",
                    value, figure.target.text, figure.status.rawValue,
                    figure.missed.map(\.description).joined(separator: " "),
                    figure.pending.map(\.description).joined(separator: " "),
                    AttachmentSummary.cell((figure.missed + figure.pending).flatMap(attachments(of:))),
                ]
                lines.append(CSVWriter.line(cells))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
