/// A plain-text table that lines up Chinese and Latin text alike.
///
/// Chinese characters take two terminal columns, so widths are counted in
/// columns, not characters.
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[String]] = []

    public init(headers: [String]) { self.headers = headers }

    public mutating func append(_ row: [String]) { rows.append(row) }

    public func render() -> String {
        let cells = [headers] + rows.map { row in row.map { Self.oneLine($0) } }
        var widths = [Int](repeating: 0, count: headers.count)
        for row in cells { for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], Self.width(cell)) } }
        // A column with nothing in it (say, no record is marked) takes no room.
        let shown = widths.indices.filter { widths[$0] > 0 }
        func line(_ row: [String]) -> String {
            let padded = shown.map { index in
                let cell = index < row.count ? row[index] : ""
                return cell + String(repeating: " ", count: widths[index] - Self.width(cell))
            }.joined(separator: "  ")
            return String(padded.reversed().drop(while: { $0 == " " }).reversed())
        }
        var lines = [String]()
        if headers.contains(where: { !$0.isEmpty }) {
            lines = [line(cells[0]), shown.map { String(repeating: "-", count: widths[$0]) }.joined(separator: "  ")]
        }
        lines += cells.dropFirst().map(line)
        return lines.joined(separator: "\n")
    }

    /// Terminal columns `text` takes: two for East Asian wide characters, one otherwise.
    public static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let value = scalar.value
            let wide =
                (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
            let zeroWidth = (0x0300...0x036F).contains(value) || value == 0x200B
            return total + (zeroWidth ? 0 : wide ? 2 : 1)
        }
    }

    static func oneLine(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 })
    }
}
