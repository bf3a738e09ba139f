/// RFC 4180 CSV, for every CSV FieldSync writes (the agent's export, both programs' reports):
/// fields with commas, quotes or line breaks are quoted, quotes doubled.
public enum CSVWriter {
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
