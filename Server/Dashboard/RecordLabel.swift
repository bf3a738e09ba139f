import FieldSyncShared

/// How a page names a record: the last characters of its id, the whole id on hover and in the link.
///
/// Ids begin with their time, so records made together share their first characters; the last
/// ones are random, and `fieldsync` takes any unique end of an id for the whole one.
///
/// ```swift
/// RecordLabel(id).short   // "9c41d2e7" for 019ac453-8800-7a2b-9f10-5b7e9c41d2e7
/// ```
struct RecordLabel: Hashable, Sendable, Codable {
    static let shortLength = 8

    /// The last ``shortLength`` characters of the id.
    var short: String
    /// The whole id.
    var full: String

    init(_ id: RecordID) {
        full = id.description
        short = String(full.suffix(Self.shortLength))
    }
}
