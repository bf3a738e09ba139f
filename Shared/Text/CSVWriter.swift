/// RFC 4180 CSV, for every CSV FieldSync writes (the agent's export, both programs' reports):
/// fields with commas, quotes or line breaks are quoted, quotes doubled.
public enum CSVWriter {
    /// UTF-8's byte-order mark (U+FEFF, bytes EF BB BF). Excel takes a CSV file without it to be
    /// in the machine's code page (GBK on a Chinese Windows) and shows the Chinese as garbage.
    public static let byteOrderMark: Character = "\u{FEFF}"

    /// A whole CSV text as written to a file or standard output: with the byte-order mark in
    /// front unless `byteOrderMark` is false (`--no-bom`, for tools that dislike it).
    public static func document(_ text: String, byteOrderMark: Bool) -> String {
        byteOrderMark ? String(Self.byteOrderMark) + text : text
    }

    /// `text` without a leading byte-order mark, as a reader of `document(_:byteOrderMark:)` sees it.
    public static func strippingByteOrderMark(_ text: String) -> String {
        text.first == byteOrderMark ? String(text.dropFirst()) : text
    }

    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",")
    }

    /// One field, quoted when it must be. Scalars, not characters: "\r\n" is one `Character`.
    public static func field(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return text
        }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
