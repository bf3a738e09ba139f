internal import CCurl
import Foundation

/// An ``HTTPTransport`` over libcurl's easy interface, with one easy handle per request.
///
/// ```swift
/// let transport = CurlTransport(options: TransportOptions(caFile: "/etc/fieldsync/ca.pem"))
/// let response = try transport.send(HTTPRequest(url: "https://sync.example.com/v1/health"))
/// ```
///
/// Responses are decoded from `gzip` and `deflate`, redirects are not followed, only `http`
/// and `https` URLs are accepted, and proxies come from the environment as libcurl reads it.
/// Each call owns its handle, so one transport can serve several threads at once.
public struct CurlTransport: HTTPTransport {
    /// Trust, pinning and timeouts for every request.
    public let options: TransportOptions

    /// A transport with the given options.
    public init(options: TransportOptions = TransportOptions()) {
        self.options = options
    }

    // Swift runs a static stored property's initialiser exactly once, on first use, under a
    // lock (swift_once), which is the guarantee curl_global_init needs.
    private static let globalInitResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

    public func send(_ request: HTTPRequest, progress: (@Sendable (TransferProgress) -> Void)?) throws(TransportError)
        -> HTTPResponse
    {
        let initResult = Self.globalInitResult
        guard initResult == CURLE_OK else { throw TransportError(curl: initResult) }
        try Self.validate(request, userAgent: options.userAgent)

        guard let handle = curl_easy_init() else { throw TransportError(curl: CURLE_FAILED_INIT) }
        defer { curl_easy_cleanup(handle) }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        let context = CurlTransferContext(progress: progress)

        try Self.set(handle, CURLOPT_URL, request.url)
        try configureConnection(handle)
        try Self.configureCallbacks(handle, context: context, reportsProgress: progress != nil)
        try Self.configureMethodAndBody(handle, request)
        headerList = try Self.headerList(for: request)
        try Self.check(fieldsync_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, headerList))

        // The callbacks hold the context unretained: keep it alive until the transfer is over.
        let code = withExtendedLifetime(context) { curl_easy_perform(handle) }
        guard code == CURLE_OK else {
            var error = TransportError(curl: code, detail: context.errorDetail)
            var status = 0
            if fieldsync_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK, status > 0 {
                error.partial = HTTPResponse(status: status, headers: context.headers, body: context.body)
            }
            throw error
        }

        var status = 0
        try Self.check(fieldsync_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status))
        if progress != nil { context.report(Self.finalProgress(handle)) }
        return HTTPResponse(status: status, headers: context.headers, body: context.body)
    }

    /// Trust, timeouts and the fixed behaviour every request gets.
    private func configureConnection(_ handle: UnsafeMutableRawPointer) throws(TransportError) {
        try Self.set(handle, CURLOPT_NOSIGNAL, 1)
        try Self.set(handle, CURLOPT_FOLLOWLOCATION, 0)
        try Self.set(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        // "" asks for every encoding libcurl can decode and has it decode the body.
        try Self.set(handle, CURLOPT_ACCEPT_ENCODING, "")
        try Self.set(handle, CURLOPT_USERAGENT, options.userAgent)
        try Self.set(handle, CURLOPT_CONNECTTIMEOUT, max(0, options.connectTimeout))
        try Self.set(handle, CURLOPT_LOW_SPEED_LIMIT, max(0, options.lowSpeedLimit))
        try Self.set(handle, CURLOPT_LOW_SPEED_TIME, max(0, options.lowSpeedTime))
        try Self.set(handle, CURLOPT_TIMEOUT, max(0, options.totalTimeout))
        if let caFile = options.caFile { try Self.set(handle, CURLOPT_CAINFO, caFile) }
        if let pin = options.pinnedPublicKey { try Self.set(handle, CURLOPT_PINNEDPUBLICKEY, pin) }
    }

    /// The body, header and progress callbacks, all with the context as their data.
    private static func configureCallbacks(
        _ handle: UnsafeMutableRawPointer, context: CurlTransferContext, reportsProgress: Bool
    ) throws(TransportError) {
        try check(fieldsync_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, context.errorBuffer))
        try check(fieldsync_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context.opaque))
        try check(
            fieldsync_curl_setopt_write_callback(handle) { buffer, size, count, data in
                let total = size * count
                if let buffer, total > 0 { CurlTransferContext.from(data).appendBody(buffer, count: total) }
                return total
            })
        try check(fieldsync_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context.opaque))
        try check(
            fieldsync_curl_setopt_header_callback(handle) { buffer, size, count, data in
                let total = size * count
                if let buffer, total > 0 { CurlTransferContext.from(data).appendHeaderLine(buffer, count: total) }
                return total
            })
        guard reportsProgress else { return }
        try check(fieldsync_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context.opaque))
        try check(
            fieldsync_curl_setopt_progress_callback(handle) { data, downloadTotal, downloaded, uploadTotal, uploaded in
                CurlTransferContext.from(data).report(
                    TransferProgress(
                        uploaded: Int64(uploaded), uploadTotal: Int64(uploadTotal), downloaded: Int64(downloaded),
                        downloadTotal: Int64(downloadTotal)))
                return 0
            })
        try set(handle, CURLOPT_NOPROGRESS, 0)
    }

    /// The method, and the body copied into libcurl so it outlives the caller's `Data`.
    private static func configureMethodAndBody(_ handle: UnsafeMutableRawPointer, _ request: HTTPRequest)
        throws(TransportError)
    {
        let body = request.body ?? (["POST", "PUT", "PATCH"].contains(request.method) ? Data() : nil)
        if let body {
            // The size must come first: COPYPOSTFIELDS copies exactly that many bytes, NULs included.
            try check(fieldsync_curl_setopt_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            if body.isEmpty {
                try set(handle, CURLOPT_COPYPOSTFIELDS, "")
            } else {
                let code = body.withUnsafeBytes { bytes in
                    fieldsync_curl_setopt_pointer(
                        handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                }
                try check(code)
            }
        }
        if request.method == "HEAD" {
            try set(handle, CURLOPT_NOBODY, 1)
        } else if request.method != (body == nil ? "GET" : "POST") {
            try set(handle, CURLOPT_CUSTOMREQUEST, request.method)
        }
    }

    /// The caller's header fields, plus two that keep libcurl from adding its own when a body is sent:
    /// a form `Content-Type` and `Expect: 100-continue`, which costs a second on servers that ignore it.
    private static func headerList(for request: HTTPRequest) throws(TransportError) -> UnsafeMutablePointer<curl_slist>?
    {
        var lines = request.headers.map { $0.value.isEmpty ? "\($0.name);" : "\($0.name): \($0.value)" }
        let given = Set(request.headers.map { $0.name.lowercased() })
        if !given.contains("content-type") { lines.append("Content-Type:") }
        if !given.contains("expect") { lines.append("Expect:") }
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let longer = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                throw TransportError(curl: CURLE_OUT_OF_MEMORY)
            }
            list = longer
        }
        return list
    }

    /// The counts once the transfer is complete; unknown totals become the counts themselves.
    private static func finalProgress(_ handle: UnsafeMutableRawPointer) -> TransferProgress {
        func offset(_ info: CURLINFO) -> Int64 {
            var value: curl_off_t = 0
            return fieldsync_curl_getinfo_offset(handle, info, &value) == CURLE_OK ? Int64(value) : 0
        }
        let uploaded = offset(CURLINFO_SIZE_UPLOAD_T)
        let downloaded = offset(CURLINFO_SIZE_DOWNLOAD_T)
        let uploadTotal = offset(CURLINFO_CONTENT_LENGTH_UPLOAD_T)
        let downloadTotal = offset(CURLINFO_CONTENT_LENGTH_DOWNLOAD_T)
        return TransferProgress(
            uploaded: uploaded, uploadTotal: uploadTotal > 0 ? uploadTotal : uploaded,
            downloaded: downloaded, downloadTotal: downloadTotal > 0 ? downloadTotal : downloaded)
    }
}
