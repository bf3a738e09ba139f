/// A plain-text table that lines up Chinese and Latin text alike: the agent's lists and the
/// reports' tables.
///
/// Chinese characters take two terminal columns, so widths are counted in
/// columns, not characters.
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[String]] = []

    public init(headers: [String]) { self.headers = headers }

    public mutating func append(_ row: [String]) { rows.append(row) }

    /// The headers over a dashed rule (none when every header is empty), then the rows; a
    /// column with nothing in it (say, no record is marked) takes no room.
    public func render() -> String {
        let cells = [headers] + rows.map { row in row.map { Self.oneLine($0) } }
        var widths = [Int](repeating: 0, count: headers.count)
        for row in cells {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], Self.width(cell))
            }
        }
        let shown = widths.indices.filter { widths[$0] > 0 }
        let lines = Self.aligned(cells.map { row in shown.map { $0 < row.count ? row[$0] : "" } }, rightAligned: [])
        guard headers.contains(where: { !$0.isEmpty }) else { return lines.dropFirst().joined(separator: "\n") }
        let rule = shown.map { String(repeating: "-", count: widths[$0]) }.joined(separator: "  ")
        return ([lines[0], rule] + lines.dropFirst()).joined(separator: "\n")
    }

    /// Pads every column to its widest cell, two spaces apart; the columns in `rightAligned`
    /// (numbers) to the right. Trailing spaces are trimmed.
    public static func aligned(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
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

    /// The columns a terminal gives `text`: two for East Asian wide characters, none for
    /// combining marks and zero-width spaces and joiners (U+200B–U+200F), one otherwise (U+303F,
    /// the half-width ideographic space, is narrow).
    public static func width(_ text: String) -> Int {
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

    /// A cell on one line: line breaks and tabs become spaces.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\t" ? " " : $0 })
    }
}
