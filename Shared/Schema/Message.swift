/// A sentence in both of FieldSync's languages.
public struct Message: Hashable, Sendable, CustomStringConvertible {
    public let english: String
    public let chinese: String

    public init(_ english: String, zh chinese: String) {
        self.english = english
        self.chinese = chinese
    }

    public func text(in language: Language) -> String { language == .chinese ? chinese : english }

    public var description: String { english }
}
