internal import CCurl

extension TransportError {
    /// Translates a failed libcurl call; `detail` is libcurl's error buffer, which names
    /// hosts, ports and certificate problems but never request bodies or header values.
    init(curl code: CURLcode, detail: String = "") {
        let kind = Self.kind(of: code)
        let summary = String(cString: curl_easy_strerror(code))
        let what = detail.isEmpty ? summary : "\(summary): \(detail)"
        // Offline is an ordinary state: the caller says so calmly, with curl's words as the detail.
        let message =
            switch kind {
            case .offline: what
            case .tls: "the secure connection was refused; check --ca or the server's certificate (\(what))"
            case .invalidURL: "check the server URL (\(what))"
            case .other: "the request failed (\(what))"
            }
        self.init(kind: kind, curlCode: Int(code.rawValue), message: message)
    }

    /// The class of a libcurl result code.
    static func kind(of code: CURLcode) -> Kind {
        switch code {
        case CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT,
            // Also what a low-speed abort returns.
            CURLE_OPERATION_TIMEDOUT,
            CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE,
            CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_HTTP3, CURLE_QUIC_CONNECT_ERROR,
            CURLE_NO_CONNECTION_AVAILABLE, CURLE_AGAIN:
            .offline
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
            CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
            CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            .tls
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            .invalidURL
        default:
            .other
        }
    }
}
