/// A light reading of an HTML page, enough to tell markup from text: its tags with their
/// attributes, and its text, with character references decoded.
///
/// Not a full HTML parser: comments, the doctype and `<style>` are skipped; what it finds is
/// what a browser would take as tags and attributes on a page as plain as the dashboard's.
struct HTMLScan {
    struct Tag {
        var name: String
        var attributes: [(name: String, value: String)]
    }

    private(set) var tags: [Tag] = []
    /// Each run of text between tags, decoded.
    private(set) var texts: [String] = []

    init(_ html: String) {
        let characters = Array(html)
        var index = 0
        var text = ""
        func flush() {
            if !text.isEmpty { texts.append(Self.decode(text)) }
            text = ""
        }
        func starts(_ prefix: String, at position: Int) -> Bool {
            let prefix = Array(prefix)
            return position + prefix.count <= characters.count
                && String(characters[position..<position + prefix.count]).lowercased() == String(prefix)
        }
        func skip(past end: String) {
            while index < characters.count, !starts(end, at: index) { index += 1 }
            index = min(characters.count, index + end.count)
        }
        while index < characters.count {
            let character = characters[index]
            guard character == "<" else {
                text.append(character)
                index += 1
                continue
            }
            flush()
            if starts("<!--", at: index) {
                skip(past: "-->")
                continue
            }
            if starts("<!", at: index) || starts("</", at: index) {
                skip(past: ">")
                continue
            }
            index += 1
            var name = ""
            while index < characters.count,
                characters[index].isLetter || characters[index].isNumber || characters[index] == "-"
            {
                name.append(characters[index])
                index += 1
            }
            guard !name.isEmpty else {
                text.append("<")  // a lone `<` is text to a browser
                continue
            }
            var attributes = [(name: String, value: String)]()
            while index < characters.count, characters[index] != ">" {
                if characters[index].isWhitespace || characters[index] == "/" {
                    index += 1
                    continue
                }
                var attribute = ""
                while index < characters.count, !characters[index].isWhitespace, !"=>/".contains(characters[index]) {
                    attribute.append(characters[index])
                    index += 1
                }
                var value = ""
                if index < characters.count, characters[index] == "=" {
                    index += 1
                    if index < characters.count, characters[index] == "\"" || characters[index] == "'" {
                        let quote = characters[index]
                        index += 1
                        while index < characters.count, characters[index] != quote {
                            value.append(characters[index])
                            index += 1
                        }
                        index += 1
                    } else {
                        while index < characters.count, !characters[index].isWhitespace, characters[index] != ">" {
                            value.append(characters[index])
                            index += 1
                        }
                    }
                }
                if !attribute.isEmpty { attributes.append((attribute.lowercased(), Self.decode(value))) }
            }
            index += 1
            tags.append(Tag(name: name.lowercased(), attributes: attributes))
            if name.lowercased() == "style" || name.lowercased() == "script" {
                skip(past: "</" + name.lowercased() + ">")
            }
        }
        flush()
    }

    /// Every text and attribute value, decoded: what a person can see or copy off the page.
    var shown: [String] { texts + tags.flatMap { $0.attributes.map(\.value) } }

    /// `text` with the character references the templates write turned back into characters.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            out += rest[..<ampersand]
            rest = rest[ampersand...]
            if let semicolon = rest.firstIndex(of: ";"), rest.distance(from: rest.startIndex, to: semicolon) <= 8 {
                let entity = String(rest[rest.index(after: rest.startIndex)..<semicolon])
                let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "#39": "'", "#x27": "'"]
                if let character = named[entity] {
                    out += character
                    rest = rest[rest.index(after: semicolon)...]
                    continue
                }
            }
            out += "&"
            rest = rest.dropFirst()
        }
        return out + rest
    }
}
