import Foundation

/// The fields of a form as a browser sends it, in a query or a body:
/// `application/x-www-form-urlencoded`, where `+` is a space and `%XX` a byte.
///
/// ```swift
/// FormFields("period=2026-01-01+..+2026-03-31&lang=en")["period"]   // "2026-01-01 .. 2026-03-31"
/// ```
///
/// Hummingbird's `queryParameters` decode `%XX` only, so a space typed in the dashboard's
/// period box would arrive as `+`.
struct FormFields {
    private var values: [String: String] = [:]

    init(_ text: String?) {
        for pair in text?.split(separator: "&") ?? [] {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            // The first of a repeated name wins.
            if values[name] == nil { values[name] = parts.count == 2 ? Self.decode(parts[1]) : "" }
        }
    }

    /// The value of `name`; `nil` if the form does not have it.
    subscript(name: String) -> String? { values[name] }

    /// `+` as a space, then `%XX`; text that is not valid percent-encoded UTF-8 stays as it is.
    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
