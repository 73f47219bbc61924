import Foundation

/// A failed provider call, described so that a retry policy can decide what to do without knowing the wire format.
///
/// The transport fills this in from what it saw: the HTTP status and headers, the provider's error body
/// (`{"type": "error", "error": {"type": "overloaded_error", "message": ...}}` for Anthropic,
/// `{"error": {"type": ..., "message": ..., "code": ...}}` for OpenAI), the request id, or the fact that no
/// response arrived at all (connection failure, timeout), or an error event in the middle of a stream.
public struct ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, at the level a retry decision needs.
    public enum Kind: Sendable, Hashable {
        /// The server answered with a non-success HTTP status.
        case http(status: Int)
        /// No connection could be made, or it broke before a response arrived.
        case connectionFailed
        /// The call took longer than the client allowed.
        case timeout
        /// An error event arrived inside a stream (for example Anthropic's `overloaded_error`).
        /// `afterContent` tells whether content had already been delivered to the caller.
        case streamError(type: String, afterContent: Bool)
    }

    /// Whether a failure is worth trying again, before any retry budget or bound is applied.
    public enum Transience: Sendable, Hashable {
        /// Trying again may succeed (rate limit, overload, server error, network trouble).
        case transient
        /// Trying again sends the same mistake (bad request, authentication, not found, too large).
        case permanent
    }

    /// What went wrong.
    public var kind: Kind
    /// The provider that failed, when known.
    public var provider: ProviderID?
    /// The provider's error type, such as `rate_limit_error` or `overloaded_error`.
    public var errorType: String?
    /// The provider's human-readable message.
    public var message: String
    /// The provider's request id (`request-id` or `x-request-id`), for support tickets.
    public var requestID: String?
    /// The response headers with lowercased names. Empty when no response arrived.
    public var headers: [String: String]
    /// Tokens the provider billed for the failed attempt (for example a stream cut after content), if any.
    public var billedUsage: Usage?

    /// A failure of `kind`; header names are kept lowercased.
    public init(
        kind: Kind, provider: ProviderID? = nil, errorType: String? = nil, message: String = "",
        requestID: String? = nil, headers: [String: String] = [:], billedUsage: Usage? = nil
    ) {
        self.kind = kind
        self.provider = provider
        self.errorType = errorType
        self.message = message
        self.requestID = requestID
        var lowered: [String: String] = [:]
        for (name, value) in headers { lowered[name.lowercased()] = value }
        self.headers = lowered
        self.billedUsage = billedUsage
    }

    /// The HTTP status, when the server answered.
    public var httpStatus: Int? {
        if case .http(let status) = kind { return status }
        return nil
    }

    /// The server's explicit verdict from the `x-should-retry` header (`true` or `false`), if it gave one.
    public var shouldRetryHeader: Bool? {
        switch headers["x-should-retry"]?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// Statuses that are worth retrying: request timeout, conflict (lock timeouts), rate limit, server errors,
    /// gateway errors and Anthropic's overloaded status.
    public static let transientStatuses: Set<Int> = [408, 409, 429, 500, 502, 503, 504, 529]

    /// Statuses that are never retried unless the server says otherwise with `x-should-retry: true`:
    /// bad request, unauthorised, forbidden, not found, payload too large, unprocessable.
    /// Any status in neither set is also treated as permanent.
    public static let permanentStatuses: Set<Int> = [400, 401, 403, 404, 413, 422]

    /// Stream error types that mean "the provider is busy, try again".
    public static let transientStreamErrorTypes: Set<String> = [
        "overloaded_error", "rate_limit_error", "api_error", "server_error",
    ]

    /// Whether trying again may help, by these rules in order:
    /// 1. An HTTP answer with `x-should-retry: true|false` follows the header.
    /// 2. Statuses in ``transientStatuses`` are transient; every other status is permanent.
    /// 3. Connection failures and timeouts are transient.
    /// 4. A stream error is transient only if it came before any content and its type is one of
    ///    ``transientStreamErrorTypes``; once content reached the caller a retry would repeat it.
    public var transience: Transience {
        switch kind {
        case .http(let status):
            if let verdict = shouldRetryHeader { return verdict ? .transient : .permanent }
            return Self.transientStatuses.contains(status) ? .transient : .permanent
        case .connectionFailed, .timeout:
            return .transient
        case .streamError(let type, let afterContent):
            return !afterContent && Self.transientStreamErrorTypes.contains(type) ? .transient : .permanent
        }
    }

    public var description: String {
        var parts: [String] = []
        switch kind {
        case .http(let status): parts.append("HTTP \(status)")
        case .connectionFailed: parts.append("connection failed")
        case .timeout: parts.append("timed out")
        case .streamError(let type, let afterContent):
            parts.append("stream error \(type) \(afterContent ? "after" : "before") content")
        }
        if let provider { parts.append("from \(provider)") }
        if let errorType, !errorType.isEmpty { parts.append("(\(errorType))") }
        var text = parts.joined(separator: " ")
        if !message.isEmpty { text += ": \(message)" }
        if let requestID { text += " [request \(requestID)]" }
        return text
    }
}
