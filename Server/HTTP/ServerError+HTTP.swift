import HTTPTypes

extension ServerError.Kind {
    /// The one mapping of a failure to an HTTP status.
    public var status: HTTPResponse.Status {
        switch self {
        case .malformed: .badRequest
        case .unauthenticated: .unauthorized
        case .refused: .forbidden
        case .outOfStep: .conflict
        case .unsupportedMediaType: .unsupportedMediaType
        case .tooLarge: .contentTooLarge
        case .tooManyFailures: .tooManyRequests
        case .wrongMethod: .methodNotAllowed
        case .notFound: .notFound
        case .unavailable: .serviceUnavailable
        case .broken: .internalServerError
        }
    }
}

extension ServerError {
    /// The HTTP status this failure is answered with.
    public var status: HTTPResponse.Status { kind.status }
}
