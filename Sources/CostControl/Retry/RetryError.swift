import LLMCore

/// A transient failure that was not retried to success.
public struct RetryError: Error, Sendable, CustomStringConvertible {
    /// Why retrying stopped.
    public enum Kind: Sendable, Hashable {
        /// Every allowed retry failed.
        case exhausted
        /// The server asked to wait longer than the configured bound.
        case advisedWaitTooLong(advised: Duration, bound: Duration)
    }

    /// Why retrying stopped.
    public var kind: Kind
    /// Attempts made, the first included.
    public var attempts: Int
    /// The last failure.
    public var lastError: ProviderError

    public var description: String {
        switch kind {
        case .exhausted:
            return "gave up after \(attempts) attempts: \(lastError)"
        case .advisedWaitTooLong(let advised, let bound):
            return "server asked to wait \(advised) before retrying, longer than the \(bound) allowed; \(lastError)"
        }
    }
}
