internal import CCurl

extension CurlTransport {
    /// Refuses what libcurl would send wrongly or dangerously: line breaks or NULs in the URL,
    /// method or header fields (they would inject header lines), and methods that are not tokens.
    /// The messages name the problem, never a header's value.
    static func validate(_ request: HTTPRequest, userAgent: String) throws(TransportError) {
        func hasControl(_ text: String) -> Bool {
            text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }
        }
        if request.url.isEmpty || hasControl(request.url) || request.url.contains(" ") {
            throw TransportError(
                kind: .invalidURL, curlCode: 0,
                message: "check the server URL (it is empty or contains spaces or control characters)")
        }
        let tokenCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        if request.method.isEmpty || !request.method.allSatisfy(tokenCharacters.contains) {
            throw TransportError(
                kind: .other, curlCode: 0, message: "the request failed (its method is not a plain word)")
        }
        for (name, value) in request.headers {
            let nameIsToken = !name.isEmpty && !name.contains(":") && !name.contains(" ") && !hasControl(name)
            if !nameIsToken || hasControl(value) {
                throw TransportError(
                    kind: .other, curlCode: 0,
                    message: "the request failed (its header field \(nameIsToken ? name : "name") is malformed)")
            }
        }
        if hasControl(userAgent) {
            throw TransportError(
                kind: .other, curlCode: 0, message: "the request failed (the user agent contains control characters)")
        }
    }

    /// Throws unless a libcurl call succeeded.
    static func check(_ code: CURLcode) throws(TransportError) {
        guard code == CURLE_OK else { throw TransportError(curl: code) }
    }

    /// Sets a `long` option.
    static func set(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ value: Int) throws(TransportError) {
        try check(fieldsync_curl_setopt_long(handle, option, value))
    }

    /// Sets a string option; libcurl copies the string, so the temporary C string may go away after the call.
    static func set(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ value: String) throws(TransportError) {
        try check(fieldsync_curl_setopt_string(handle, option, value))
    }
}
