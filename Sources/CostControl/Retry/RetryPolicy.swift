import Foundation
import LLMCore

/// Which failures are retried, how often and after how long.
///
/// Narrow on purpose: only a `ProviderError` whose `ProviderError.transience` is transient is retried
/// (connection failures, timeouts, 408, 409, 429, 500, 502, 503, 504, 529, a stream error such as
/// `overloaded_error` before any content, or any answer with `x-should-retry: true`). Everything else is
/// final: 400, 401, 403, 404, 413, 422 and other statuses, `x-should-retry: false`, stream errors after
/// content, a refusal by the budget gate, cancellation, and errors this policy does not know.
///
/// The wait before retry *n* (0-based) is the server's advice when it gave one (`retry-after-ms`, then
/// `retry-after` in seconds or as an HTTP date), otherwise `min(initialBackoff × 2ⁿ, maxBackoff)`
/// shortened by up to `jitter` (a random fraction) so that many clients do not retry in step. Advice longer
/// than ``maxAdvisedWait`` fails fast with the advised wait in the error instead of blocking.
///
/// Compared with the official Anthropic and OpenAI Python SDKs (`_should_retry`, `_calculate_retry_timeout`):
/// the same header precedence and backoff shape (0.5 s doubling to 8 s, jitter up to 25 %), but 3 retries
/// instead of 2, only the listed 5xx statuses instead of every status ≥ 500, and advice beyond the bound
/// fails fast instead of being silently replaced by a short backoff that would hit the limit again.
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt. Default: 3.
    public var maxRetries: Int
    /// The first backoff. Default: 500 milliseconds.
    public var initialBackoff: Duration
    /// The longest backoff. Default: 8 seconds.
    public var maxBackoff: Duration
    /// The largest fraction jitter removes from a backoff, 0...1. Default: 0.25.
    public var jitter: Double
    /// The longest server-advised wait that is honoured; longer advice fails fast. Default: 60 seconds.
    public var maxAdvisedWait: Duration

    /// A policy; the defaults are 3 retries, 0.5 s doubling to 8 s, 25 % jitter and a 60 s bound on advice.
    ///
    /// - Parameters:
    ///   - maxRetries: retries after the first attempt; a negative count is 0. Default: 3.
    ///   - initialBackoff: the first backoff. Default: 500 milliseconds.
    ///   - maxBackoff: the longest backoff. Default: 8 seconds.
    ///   - jitter: the largest fraction jitter removes from a backoff, clamped to 0...1. Default: 0.25.
    ///   - maxAdvisedWait: the longest server-advised wait that is honoured. Default: 60 seconds.
    public init(
        maxRetries: Int = 3, initialBackoff: Duration = .milliseconds(500), maxBackoff: Duration = .seconds(8),
        jitter: Double = 0.25, maxAdvisedWait: Duration = .seconds(60)
    ) {
        self.maxRetries = max(0, maxRetries)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.jitter = min(max(jitter, 0), 1)
        self.maxAdvisedWait = maxAdvisedWait
    }

    /// What to do after a failed attempt.
    public enum Decision: Sendable, Hashable {
        /// Wait `wait`, then try again; `advised` tells whether the server chose the wait.
        case retry(wait: Duration, advised: Bool)
        /// Do not try again; the error is final.
        case giveUp(reason: String)
        /// The server asked for a wait longer than ``RetryPolicy/maxAdvisedWait``: fail now.
        case failFast(advisedWait: Duration)
    }

    /// The decision after `error`, when `retriesSoFar` retries have already been made.
    ///
    /// - Parameters:
    ///   - error: what the failed attempt threw.
    ///   - retriesSoFar: retries already made for this call.
    ///   - now: the time, for a `Retry-After` given as a date.
    ///   - random: a number in `0..<1` that picks the jitter.
    public func decide(after error: any Error, retriesSoFar: Int, now: Date, random: Double) -> Decision {
        if error is BudgetExceededError { return .giveUp(reason: "the budget gate refused the call") }
        if error is CancellationError { return .giveUp(reason: "the call was cancelled") }
        guard let failure = error as? ProviderError else { return .giveUp(reason: "not a provider failure") }
        guard failure.transience == .transient else { return .giveUp(reason: "permanent failure") }
        guard retriesSoFar < maxRetries else { return .giveUp(reason: "retries exhausted (\(maxRetries))") }
        if let advised = failure.advisedWait(now: now), advised > .zero {
            if advised > maxAdvisedWait { return .failFast(advisedWait: advised) }
            return .retry(wait: advised, advised: true)
        }
        return .retry(wait: backoff(retriesSoFar: retriesSoFar, random: random), advised: false)
    }

    /// The backoff before retry `retriesSoFar` (0-based) without server advice.
    public func backoff(retriesSoFar: Int, random: Double) -> Duration {
        let exponent = Double(min(max(retriesSoFar, 0), 60))
        let base = min(initialBackoff.timeInterval * pow(2, exponent), maxBackoff.timeInterval)
        let factor = 1 - jitter * min(max(random, 0), 1)
        return Duration(saturatingSeconds: base * factor)
    }
}
