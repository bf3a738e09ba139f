import Foundation

extension DueList {
    /// The due list as JSON with snake_case keys, like all of FieldSync's JSON.
    public func json() -> String {
        let encoder = JSONText.encoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads what `json()` wrote.
    public init(json: String) throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        self = try decoder.decode(DueList.self, from: Data(json.utf8))
    }
}
