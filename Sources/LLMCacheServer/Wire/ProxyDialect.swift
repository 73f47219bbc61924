import LLMCore

/// The two wire formats the proxy speaks, and how each writes its errors.
public enum ProxyDialect: String, Sendable, Hashable {
    /// Anthropic Messages (`POST /v1/messages`).
    case anthropic
    /// OpenAI Chat Completions (`POST /v1/chat/completions`).
    case openAI

    /// The dialect a request most likely expects its errors in, from its path and whether it carries one
    /// of Anthropic's headers (`x-api-key`, `anthropic-version`): Anthropic's when either says so, OpenAI's
    /// otherwise.
    static func likely(path: String, hasAnthropicHeader: Bool) -> ProxyDialect {
        path.hasPrefix("/v1/messages") || hasAnthropicHeader ? .anthropic : .openAI
    }

    /// The error type for `status` in this dialect, when the upstream named none.
    func errorType(status: Int) -> String {
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
        case (.openAI, 402), (.openAI, 429): return "insufficient_quota"
        case (.openAI, 400..<500): return "invalid_request_error"
        case (.openAI, _): return "server_error"
        }
    }

    /// An error body in this dialect: Anthropic's `{"type": "error", "error": {...}}` or OpenAI's
    /// `{"error": {"message", "type", "param", "code"}}`.
    func errorBody(type: String, message: String, code: String? = nil) -> JSONValue {
        switch self {
        case .anthropic:
            return ["type": "error", "error": ["type": .string(type), "message": .string(message)]]
        case .openAI:
            return [
                "error": [
                    "message": .string(message), "type": .string(type), "param": .null,
                    "code": code.map(JSONValue.string) ?? .null,
                ]
            ]
        }
    }
}
