/// Text in FieldSync's two languages is always written the same way: English first, then
/// `zh:` Chinese. Said now, `language.text("Pending push", zh: "待上传")`; kept to be said later
/// (an error, a note in a report), `Message("…", zh: "…")`.
extension Language {
    /// The English or the Chinese of a text (a string, or a row of table headers).
    public func text<Text>(_ english: Text, zh chinese: Text) -> Text { self == .chinese ? chinese : english }
}

/// A sentence in both of FieldSync's languages, to be said later in the reader's.
public struct Message: Hashable, Sendable, CustomStringConvertible {
    public let english: String
    public let chinese: String

    public init(_ english: String, zh chinese: String) {
        self.english = english
        self.chinese = chinese
    }

    public func text(in language: Language) -> String { language.text(english, zh: chinese) }

    public var description: String { english }
}
