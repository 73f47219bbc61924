import LLMCore

/// A failure the simulator produces instead of (or in the middle of) a normal answer.
///
/// Chosen per request with the header `x-simulator-fault` (see `init(headerValue:)`), or queued at start-up
/// in ``SimulatorConfiguration/faults`` and with ``ProviderSimulator/injectFaults(_:)``.
public enum SimulatedFault: Sendable, Hashable, CustomStringConvertible {
    /// HTTP 429 (`rate_limit_error`) advising a wait: `retry-after` in whole seconds, or `retry-after-ms`
    /// when the wait is not a whole number of seconds.
    case rateLimited(retryAfter: Duration)
    /// HTTP 500 (`api_error`).
    case serverError
    /// HTTP 503, advising a one-second wait with `retry-after`.
    case unavailable
    /// HTTP 529 (`overloaded_error`).
    case overloaded
    /// HTTP 400 (`invalid_request_error`).
    case badRequest
    /// HTTP 401 (`authentication_error`).
    case unauthorized
    /// The connection is closed without a response.
    case dropConnection
    /// A stream stops after some content without its final event; a plain call's body is cut in half.
    case cutStream
    /// An `overloaded_error` event in the middle of a stream: after some content, or before any with
    /// `beforeContent`. Plain calls are answered normally.
    case streamError(beforeContent: Bool)
    /// The response head is held back for this long.
    case slowFirstByte(Duration)

    /// The header that selects a fault for one request.
    public static let headerName = "x-simulator-fault"

    /// Reads a header value: `429` (optionally `429:2s` or `429:250ms` for the advised wait), `500`, `503`,
    /// `529`, `400`, `401`, `drop`, `cut-stream`, `stream-error`, `stream-error-early`, `slow-first-byte`
    /// (optionally `slow-first-byte:300ms`). `defaultWait` is the 429 wait and `defaultDelay` the slow
    /// first byte's delay when the value names none.
    public init?(headerValue: String, defaultWait: Duration = .seconds(1), defaultDelay: Duration = .seconds(2)) {
        let parts = headerValue.trimmingCharacters(in: .whitespaces).lowercased().split(
            separator: ":", maxSplits: 1)
        guard let name = parts.first else { return nil }
        let argumentDuration = parts.count > 1 ? (try? Duration(parsing: String(parts[1]))) : nil
        switch name {
        case "429": self = .rateLimited(retryAfter: argumentDuration ?? defaultWait)
        case "500": self = .serverError
        case "503": self = .unavailable
        case "529": self = .overloaded
        case "400": self = .badRequest
        case "401": self = .unauthorized
        case "drop": self = .dropConnection
        case "cut-stream": self = .cutStream
        case "stream-error": self = .streamError(beforeContent: false)
        case "stream-error-early": self = .streamError(beforeContent: true)
        case "slow-first-byte": self = .slowFirstByte(argumentDuration ?? defaultDelay)
        default: return nil
        }
    }

    /// The header spelling.
    public var description: String {
        switch self {
        case .rateLimited(let wait): return "429:\(wait.saturatedMilliseconds)ms"
        case .serverError: return "500"
        case .unavailable: return "503"
        case .overloaded: return "529"
        case .badRequest: return "400"
        case .unauthorized: return "401"
        case .dropConnection: return "drop"
        case .cutStream: return "cut-stream"
        case .streamError(let early): return early ? "stream-error-early" : "stream-error"
        case .slowFirstByte(let delay):
            return "slow-first-byte:\(delay.saturatedMilliseconds)ms"
        }
    }

    /// The HTTP status of an error-response fault, or `nil` for the others.
    var status: Int? {
        switch self {
        case .rateLimited: return 429
        case .serverError: return 500
        case .unavailable: return 503
        case .overloaded: return 529
        case .badRequest: return 400
        case .unauthorized: return 401
        default: return nil
        }
    }
}
