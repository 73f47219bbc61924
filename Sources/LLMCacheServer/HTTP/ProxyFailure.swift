import CacheStorage
import CostControl
import HTTPTypes
import LLMCache
import LLMCore
import NIOCore
import NIOHTTP1
import WireFormats

/// An error turned into the HTTP answer the caller's SDK understands: a status, the provider's error type,
/// a message that says what went wrong and what to do, and headers worth passing on (`retry-after`).
struct ProxyFailure: Error, Sendable {
    var status: Int
    var type: String?
    var message: String
    var code: String? = nil
    var headers: [(String, String)] = []

    /// Upstream headers a caller's retry logic reads.
    static let passedHeaders = ["retry-after", "retry-after-ms", "x-should-retry", "request-id", "x-request-id"]

    /// The answer for `error`; `budgetStatus` is the configured status of a budget refusal.
    init(_ error: any Error, budgetStatus: Int) {
        switch error {
        case let invalid as InvalidWireRequestError:
            self.init(status: 400, type: nil, message: invalid.message)
        case let refused as BudgetExceededError:
            self.init(
                status: budgetStatus, type: nil,
                message: "LLMCache budget refused the call, nothing was sent upstream: \(refused). "
                    + "Raise the cap in the proxy's configuration or wait for the next day.",
                code: "budget_exceeded")
        case let limited as RateLimitedError:
            self.init(
                status: 429, type: nil, message: "LLMCache refused the call, nothing was sent upstream: \(limited)",
                code: "rate_limit_exceeded")
            let seconds = Int(exactly: limited.retryAfter.timeInterval.rounded(.up)) ?? .max
            headers = [("retry-after", "\(max(seconds, 1))")]
        case let unavailable as RateLimitUnavailableError:
            self.init(
                status: 503, type: nil, message: "LLMCache refused the call, nothing was sent upstream: \(unavailable)")
            headers = [("retry-after", "5")]
        case let tokens as TokenLimitError:
            self.init(
                status: 400, type: nil, message: "LLMCache refused the call, nothing was sent upstream: \(tokens)")
        case let mismatch as ProviderMismatchError:
            self.init(status: 400, type: nil, message: "\(mismatch)")
        case let unknown as UnknownModelError:
            self.init(status: 400, type: nil, message: "\(unknown); the proxy prices every call before sending it")
        case let unavailable as CacheUnavailableError:
            self.init(status: 503, type: nil, message: "LLMCache refused the call: \(unavailable)")
            headers = [("retry-after", "5")]
        case let storage as any CacheStorageFailure:
            // Only the shared budget's check reaches here: cache lookups and writes fail open.
            self.init(
                status: 503, type: nil,
                message: "LLMCache could not check the shared budget, so nothing was sent upstream: \(storage)")
            headers = [("retry-after", "5")]
        case let controls as CacheControlsError:
            self.init(status: 400, type: nil, message: "\(controls)")
        case let batch as BatchRequestError:
            self.init(status: 400, type: nil, message: batch.message)
        case is HTTPParserError:
            // A body whose framing breaks while it is read (a bad chunk size, a short Content-Length).
            self = MalformedRequestResponder.failure(for: error)
        case is NIOTooManyBytesError:
            self.init(status: 413, type: nil, message: "the request body is larger than this proxy accepts")
        case let provider as ProviderError:
            self.init(provider)
        case let retried as RetryError:
            self.init(retried.lastError)
            message += " (after \(retried.attempts) attempts)"
        case let interrupted as StreamInterruptedError:
            self.init(interrupted.underlying, budgetStatus: budgetStatus)
        default:
            self.init(status: 500, type: nil, message: "the proxy failed to handle the request: \(error)")
        }
    }

    /// A failure with the given parts.
    init(status: Int, type: String?, message: String, code: String? = nil) {
        self.status = status
        self.type = type
        self.message = message
        self.code = code
    }

    /// An upstream failure: an HTTP answer passes through with its status, type and message; no answer at
    /// all is 502 (504 for a timeout).
    init(_ error: ProviderError) {
        switch error.kind {
        case .http(let status):
            self.init(status: status, type: error.errorType, message: error.message)
            headers = Self.passedHeaders.compactMap { name in error.headers[name].map { (name, $0) } }
        case .timeout:
            self.init(status: 504, type: nil, message: "the upstream provider did not answer in time: \(error.message)")
        case .connectionFailed:
            self.init(status: 502, type: nil, message: "the upstream provider is unreachable: \(error.message)")
        case .streamError(let type, _):
            self.init(status: 502, type: type, message: "the upstream stream failed: \(error.message)")
        }
    }

    /// The error body in `dialect`.
    func body(in dialect: WireDialect) -> JSONValue {
        dialect.errorBody(type: type ?? dialect.errorType(status: status), message: message, code: code)
    }
}
