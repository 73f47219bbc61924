import CostControl
import LLMCore

/// What the provider's prompt cache did on one call, read from the response's `Usage`.
public struct PromptCacheObservation: Sendable, Hashable, CustomStringConvertible {
    /// Whether the cache was read, written, both or neither.
    public enum Outcome: String, Sendable, Hashable {
        /// Part of the prompt was read from the cache.
        case read
        /// Part of the prompt was written to the cache.
        case written
        /// One part was read and a longer part written (a prefix that grew since the last call).
        case readAndWritten = "read_and_written"
        /// The cache was neither read nor written.
        case none
    }

    /// Whether the cache was read, written, both or neither.
    public var outcome: Outcome
    /// Tokens read from the cache.
    public var readTokens: Int
    /// Tokens written with the 5-minute lifetime.
    public var written5mTokens: Int
    /// Tokens written with the 1-hour lifetime.
    public var written1hTokens: Int
    /// The tokens the plan expected the provider to cache.
    public var expectedCachedTokens: Int
    /// Money this call saved (positive) or spent extra (negative) through the cache, at the plan's rates:
    /// the read saving minus the write premium.
    public var netSaving: MicroDollars
    /// Whether the plan expected caching, the provider reports its writes (breakpoint providers), and yet
    /// nothing was read or written: the prefix was probably shorter than estimated or changed.
    public var missedExpectedCaching: Bool

    /// All tokens written, of either lifetime.
    public var writtenTokens: Int { written5mTokens + written1hTokens }

    /// An observation from its parts; ``PromptCachePlan/observe(_:)`` builds these.
    public init(
        outcome: Outcome, readTokens: Int, written5mTokens: Int, written1hTokens: Int, expectedCachedTokens: Int,
        netSaving: MicroDollars, missedExpectedCaching: Bool
    ) {
        self.outcome = outcome
        self.readTokens = readTokens
        self.written5mTokens = written5mTokens
        self.written1hTokens = written1hTokens
        self.expectedCachedTokens = expectedCachedTokens
        self.netSaving = netSaving
        self.missedExpectedCaching = missedExpectedCaching
    }

    public var description: String {
        "prompt cache \(outcome.rawValue): \(readTokens) read, \(written5mTokens) written 5m, "
            + "\(written1hTokens) written 1h (expected \(expectedCachedTokens)); net \(netSaving)"
    }
}
