import Foundation
import LLMCore
import Logging

/// Runs an operation under a ``RetryPolicy``, with an injectable clock, sleep and random source so that
/// tests run instantly and deterministically.
///
/// Every failed attempt is logged with its error and the wait before the next one. A final failure is
/// rethrown unchanged when the policy calls it permanent, and wrapped in ``RetryError`` when retries ran
/// out or the server's advised wait was beyond the bound.
public struct RetryExecutor: Sendable {
    /// The policy.
    public var policy: RetryPolicy
    private let sleep: @Sendable (Duration) async throws -> Void
    private let now: @Sendable () -> Date
    private let random: @Sendable () -> Double
    private let logger: Logger

    /// An executor; the defaults sleep for real, read the system clock and draw system randomness.
    public init(
        policy: RetryPolicy = RetryPolicy(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        logger: Logger = Logger(label: "llmcache.cost.retry")
    ) {
        self.policy = policy
        self.sleep = sleep
        self.now = now
        self.random = random
        self.logger = logger
    }

    /// Calls `operation` with the 1-based attempt number until it succeeds or the policy stops.
    public func run<T>(_ operation: (_ attempt: Int) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await operation(attempt)
            } catch {
                let decision = policy.decide(after: error, retriesSoFar: attempt - 1, now: now(), random: random())
                switch decision {
                case .retry(let wait, let advised):
                    logger.warning(
                        "attempt failed; retrying",
                        metadata: [
                            "attempt": "\(attempt)", "wait": "\(wait)",
                            "wait_source": "\(advised ? "server" : "backoff")",
                            "error": "\(error)",
                        ])
                    try await sleep(wait)
                    attempt += 1
                case .giveUp(let reason):
                    // The caller gets the error; the log need not repeat it above debug.
                    logger.debug(
                        "attempt failed; not retrying",
                        metadata: ["attempt": "\(attempt)", "reason": "\(reason)", "error": "\(error)"])
                    if let failure = error as? ProviderError, failure.transience == .transient {
                        throw RetryError(kind: .exhausted, attempts: attempt, lastError: failure)
                    }
                    throw error
                case .failFast(let advised):
                    logger.debug(
                        "server asked for a wait beyond the bound; failing fast",
                        metadata: [
                            "attempt": "\(attempt)", "advised_wait": "\(advised)", "bound": "\(policy.maxAdvisedWait)",
                        ])
                    guard let failure = error as? ProviderError else { throw error }
                    throw RetryError(
                        kind: .advisedWaitTooLong(advised: advised, bound: policy.maxAdvisedWait), attempts: attempt,
                        lastError: failure)
                }
            }
        }
    }
}
