import LLMCore

/// The providers' wire formats, and how each writes its errors and request ids. The one error table of the
/// project: the proxy, the admin routes and the provider simulator all write their errors with it.
public enum WireDialect: String, Sendable, Hashable {
    /// Anthropic (`POST /v1/messages` and the rest of Anthropic's API).
    case anthropic
    /// OpenAI (`POST /v1/chat/completions`, `/v1/responses` and the rest of OpenAI's API).
    case openAI

    /// The dialect a request most likely expects its errors in, from its path and whether it carries one
    /// of Anthropic's headers (`x-api-key`, `anthropic-version`): Anthropic's when either says so, OpenAI's
    /// otherwise.
    public static func likely(path: String, hasAnthropicHeader: Bool) -> WireDialect {
        path.hasPrefix("/v1/messages") || hasAnthropicHeader ? .anthropic : .openAI
    }

    /// The response header that carries the provider's request id.
    public var requestIDHeader: String { self == .anthropic ? "request-id" : "x-request-id" }

    /// The error type for `status` in this dialect, when the upstream named none.
    public func errorType(status: Int) -> String {
        switch (self, status) {
        case (.anthropic, 400): return "invalid_request_error"
        case (.anthropic, 401): return "authentication_error"
        case (.anthropic, 402): return "billing_error"
        case (.anthropic, 403): return "permission_error"
        case (.anthropic, 404): return "not_found_error"
        case (.anthropic, 413): return "request_too_large"
        case (.anthropic, 405), (.anthropic, 431): return "invalid_request_error"
        case (.anthropic, 429): return "rate_limit_error"
        case (.anthropic, 529): return "overloaded_error"
        case (.anthropic, _): return "api_error"
        case (.openAI, 402): return "insufficient_quota"
        case (.openAI, 429): return "rate_limit_exceeded"
        case (.openAI, 400..<500): return "invalid_request_error"
        case (.openAI, _): return "server_error"
        }
    }

    /// The `code` OpenAI gives an error of `status` when the caller named none (`invalid_api_key`,
    /// `rate_limit_exceeded`); Anthropic's errors have no code.
    public func errorCode(status: Int) -> String? {
        switch (self, status) {
        case (.openAI, 401): return "invalid_api_key"
        case (.openAI, 429): return "rate_limit_exceeded"
        default: return nil
        }
    }

    /// An error body in this dialect: Anthropic's `{"type": "error", "error": {...}, "request_id"}` or OpenAI's
    /// `{"error": {"message", "type", "param", "code"}}`.
    public func errorBody(type: String, message: String, code: String? = nil, requestID: String? = nil) -> JSONValue {
        switch self {
        case .anthropic:
            var body: [String: JSONValue] = [
                "type": "error", "error": ["type": .string(type), "message": .string(message)],
            ]
            if let requestID { body["request_id"] = .string(requestID) }
            return .object(body)
        case .openAI:
            return [
                "error": [
                    "message": .string(message), "type": .string(type), "param": .null,
                    "code": code.map(JSONValue.string) ?? .null,
                ]
            ]
        }
    }

    /// An error body for `status` with this dialect's type and code for it.
    public func errorBody(status: Int, message: String, requestID: String? = nil) -> JSONValue {
        errorBody(
            type: errorType(status: status), message: message, code: errorCode(status: status), requestID: requestID)
    }

    /// A mid-stream error in this dialect: Anthropic's `event: error`, or an OpenAI Chat chunk with `error`.
    public func streamErrorEvent(type: String, message: String) -> String {
        switch self {
        case .anthropic:
            return ServerSentEventText.event("error", errorBody(type: type, message: message))
        case .openAI:
            return ServerSentEventText.data(errorBody(type: type, message: message))
        }
    }
}
