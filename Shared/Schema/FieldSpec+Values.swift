/// Reading a field from what a person typed, checking a stored value, and showing it.
extension FieldSpec {
    /// Turns command-line text into the stored value. `defaultOffset` is the zone a
    /// time without one is taken to be in (the machine's, at the command layer).
    /// An empty text clears an optional field.
    public func parse(_ raw: String, defaultOffset: Int?) throws(FieldProblem) -> JSONValue {
        let text = raw.trimmingWhitespace()
        if text.isEmpty {
            if isRequired { throw problem(Message("is required", zh: "不能为空")) }
            return .null
        }
        switch type {
        case .text:
            guard text.count <= Self.maximumTextLength else {
                throw problem(Message("is longer than 10,000 characters", zh: "超过 10,000 个字"))
            }
            return .string(text)
        case .choice(let choices):
            let key = text.lowercased().replacingOccurrences(" ", with: "-")
            guard
                let choice = choices.first(where: {
                    $0.token == key || $0.chinese == text || $0.english == text.lowercased()
                })
            else { throw problem(Self.oneOf(choices)) }
            return .string(choice.token)
        case .time:
            do {
                return .string(try ServiceTime(parsing: text, defaultOffset: defaultOffset).description)
            } catch {
                throw problem(
                    Message(
                        "is not a time: write it as 2026-11-27T09:30+08:00",
                        zh: "不是有效时间，请写成 2026-11-27T09:30+08:00"))
            }
        case .yesNo:
            switch text.lowercased() {
            case "yes", "y", "true", "1", "是": return .bool(true)
            case "no", "n", "false", "0", "否": return .bool(false)
            default: throw problem(Message("takes yes or no", zh: "只能填 是 或 否 (yes/no)"))
            }
        case .quantity:
            guard let value = Int64(text), value >= 1 else {
                throw problem(Message("must be a whole number of at least 1", zh: "必须是不小于 1 的整数"))
            }
            return .int(value)
        case .rating:
            if let score = Int64(text) {
                guard (1...5).contains(score) else {
                    throw problem(Message("takes a score from 1 to 5", zh: "评分必须在 1 到 5 之间"))
                }
                return .int(score)
            }
            let key = text.lowercased().replacingOccurrences(" ", with: "-")
            guard let word = RecordKind.ratingWords.first(where: { $0.token == key || $0.chinese == text }) else {
                throw problem(
                    Message(
                        "takes satisfied, fairly-satisfied, unsatisfied (满意, 基本满意, 不满意) or a score 1–5",
                        zh: "只能填 满意、基本满意、不满意 或 1–5 分"))
            }
            return .string(word.token)
        case .reference:
            guard RecordID(text.lowercased()) != nil else {
                throw problem(Message("is not a record id", zh: "不是有效的记录编号"))
            }
            return .string(text.lowercased())
        case .region:
            guard let region = Region(parsing: text) else {
                throw problem(
                    Message(
                        "takes north, northwest, southwest, central or south (华北 西北 西南 华中 华南)",
                        zh: "只能填 华北、西北、西南、华中、华南 (north/northwest/southwest/central/south)"))
            }
            return .string(region.rawValue)
        case .list(let items):
            // One item as `a:b:c` in the order of the item fields, or its required fields only.
            let parts = text.split(whereSeparator: { $0 == ":" || $0 == "：" }).map { String($0) }
            let required = items.filter(\.isRequired)
            let targets: [FieldSpec]
            if parts.count == items.count {
                targets = items
            } else if parts.count == required.count {
                targets = required
            } else {
                let form = items.map(\.name).joined(separator: ":")
                throw problem(Message("takes items written as \(form)", zh: "每项写成 \(form)"))
            }
            var object = [String: JSONValue]()
            for (spec, part) in zip(targets, parts) {
                do {
                    object[spec.name] = try spec.parse(part, defaultOffset: defaultOffset)
                } catch {
                    throw problem(
                        Message("\(spec.name) \(error.message.english)", zh: "\(spec.chinese)\(error.message.chinese)"))
                }
            }
            return .array([.object(object)])
        }
    }

    /// Checks a value from any source (the CLI, a peer, a newer version): `nil` when it fits.
    public func check(_ value: JSONValue) -> FieldProblem? {
        if value.isNull {
            return isRequired ? problem(Message("is required", zh: "不能为空")) : nil
        }
        switch type {
        case .text:
            guard let text = value.stringValue else { return problem(Message("must be text", zh: "必须是文字")) }
            // Characters are counted only when the bytes could exceed the bound: a character is
            // at least one byte, and counting them walks the whole text (checked on every push).
            if text.utf8.count > Self.maximumTextLength, text.count > Self.maximumTextLength {
                return problem(Message("is longer than 10,000 characters", zh: "超过 10,000 个字"))
            }
            // Blank as `trimmingWhitespace()` sees it, without making the trimmed copy.
            if isRequired,
                text.unicodeScalars.allSatisfy({
                    switch $0 {
                    case " ", "\t", "\n", "\r", "\u{3000}": true
                    default: false
                    }
                })
            {
                return problem(Message("is required", zh: "不能为空"))
            }
        case .choice(let choices):
            guard let token = value.stringValue, choices.contains(where: { $0.token == token }) else {
                return problem(Self.oneOf(choices))
            }
        case .time:
            guard let text = value.stringValue, (try? ServiceTime(parsing: text)) != nil else {
                return problem(Message("must be a time with its zone", zh: "必须是带时区的时间"))
            }
        case .yesNo:
            guard value.boolValue != nil else { return problem(Message("takes yes or no", zh: "只能填 是 或 否")) }
        case .quantity:
            guard let number = value.intValue, number >= 1 else {
                return problem(Message("must be a whole number of at least 1", zh: "必须是不小于 1 的整数"))
            }
        case .rating:
            if let score = value.intValue, (1...5).contains(score) { return nil }
            guard let word = value.stringValue, RecordKind.ratingWords.contains(where: { $0.token == word }) else {
                return problem(Message("must be a rating word or a score 1–5", zh: "必须是评价或 1–5 分"))
            }
        case .reference:
            guard let text = value.stringValue, RecordID(text) != nil else {
                return problem(Message("is not a record id", zh: "不是有效的记录编号"))
            }
        case .region:
            guard let text = value.stringValue, Region(rawValue: text) != nil else {
                return problem(Message("is not a region", zh: "不是有效区域"))
            }
        case .list(let items):
            guard let array = value.arrayValue else { return problem(Message("must be a list", zh: "必须是列表")) }
            for element in array {
                guard let object = element.objectValue else {
                    return problem(Message("must be a list of items", zh: "必须是条目列表"))
                }
                for item in items {
                    if let itemProblem = item.check(object[item.name] ?? .null) {
                        return FieldProblem(
                            field: name,
                            message: Message(
                                "\(item.name) \(itemProblem.message.english)",
                                zh: "\(item.chinese)\(itemProblem.message.chinese)"))
                    }
                }
            }
        }
        return nil
    }

    /// The value as a person reads it: labels for choices, region names, short times.
    public func display(_ value: JSONValue, in language: Language) -> String {
        switch (type, value) {
        case (_, .null): return ""
        case (.choice(let choices), .string(let token)):
            return choices.first { $0.token == token }?.label(in: language) ?? token
        case (.rating, .string(let token)):
            return RecordKind.ratingWords.first { $0.token == token }?.label(in: language) ?? token
        case (.region, .string(let token)):
            return Region(rawValue: token)?.name(in: language) ?? token
        case (.time, .string(let text)):
            return (try? ServiceTime(parsing: text))?.shortDescription ?? text
        case (.yesNo, .bool(let flag)):
            return language.text((flag ? "yes" : "no"), zh: (flag ? "是" : "否"))
        case (.list(let items), .array(let elements)):
            return elements.map { element in
                items.compactMap { item in
                    guard let part = element.objectValue?[item.name], !part.isNull else { return nil }
                    return item.display(part, in: language)
                }.joined(separator: ":")
            }.joined(separator: ", ")
        default:
            return value.displayText
        }
    }

    func problem(_ message: Message) -> FieldProblem { FieldProblem(field: name, message: message) }

    /// The longest text a field takes: a page of a service report, far above any real entry.
    public static let maximumTextLength = 10_000

    static func oneOf(_ choices: [Choice]) -> Message {
        Message(
            "takes one of " + choices.map(\.token).joined(separator: ", "),
            zh: "只能填 " + choices.map { "\($0.chinese) (\($0.token))" }.joined(separator: "、"))
    }
}

/// What is wrong with one field.
public struct FieldProblem: Error, Hashable, Sendable {
    public let field: String
    public let message: Message

    public init(field: String, message: Message) {
        self.field = field
        self.message = message
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
