import CostControl
import Foundation
import LLMCore
import PromptCaching

/// What the cache did for one call.
public enum CacheOutcome: String, Sendable, Hashable, Codable {
    /// Answered from a cache.
    case hit
    /// Looked up, not found, answered by the provider.
    case miss
    /// The cache was not consulted (not cacheable, or the caller said so).
    case bypass
}

/// Cache facts about one answer.
public struct CacheMetadata: Sendable, Hashable {
    /// The layer that answered (``CacheLayer/none`` when the provider did).
    public var layer: CacheLayer
    /// Hit, miss or bypass.
    public var outcome: CacheOutcome
    /// The request's exact-cache key, when one was computed.
    public var key: CacheKey?
    /// The key of the stored entry that answered, on a hit (for a semantic hit, another request's key).
    /// Pass this metadata to ``CachedClient/reportWrongHit(_:)-(CacheMetadata)`` to remove that entry.
    public var servedKey: CacheKey?
    /// The namespace used.
    public var namespace: String
    /// For a hit: the answer came from an identical call that was in flight at the same time (single-flight)
    /// rather than from a stored entry.
    public var coalesced: Bool = false
    /// For a semantic hit: the cosine similarity of the match.
    public var similarity: Float?
    /// For a semantic hit: the stored prompt that matched.
    public var matchedPrompt: String?
    /// For a hit: how old the stored answer is.
    public var age: Duration?
    /// Why the cache was bypassed, for a bypass.
    public var bypassReason: String?
    /// What this call cost (zero on a hit; `nil` when it could not be priced).
    public var cost: MicroDollars?
    /// What the hit saved (`nil` when not a hit or not priced).
    public var saved: MicroDollars?
    /// For an upstream call planned for the provider's prompt cache: what the cache did (tokens read and
    /// written, net saving at the plan's rates); `nil` when the call was not planned or no call was made.
    public var promptCache: PromptCacheObservation? = nil
    /// For a semantic hit: the scope it was found in (with ``servedEntryID`` and ``similarity``, what
    /// ``CachedClient/confirmHit(_:)-(CacheMetadata)`` and ``CachedClient/reportWrongHit(_:)-(CacheMetadata)``
    /// label).
    public var scope: String? = nil
    /// For a hit: the row id of the stored entry that answered.
    public var servedEntryID: Int64? = nil
    /// For a call the router took part in (a miss or bypass sent upstream through a `ModelRouter`): the
    /// model it chose and why, also when the request's own model was kept; `nil` without a router, for a
    /// pinned model and for a hit.
    public var routing: RoutingDecision? = nil
    /// For a call sent upstream through a `CostGuard` with `TokenLimits`: what they changed in the request
    /// sent (older turns dropped, `max_tokens` lowered); `nil` when nothing was changed. A stream's
    /// metadata, known before the call, never has it.
    public var tokenAdjustment: TokenAdjustment? = nil

    /// What this call cost in micro-dollars.
    @available(*, deprecated, renamed: "cost")
    public var costMicros: Int64? { cost?.rawValue }
    /// What the hit saved in micro-dollars.
    @available(*, deprecated, renamed: "saved")
    public var savedMicros: Int64? { saved?.rawValue }
}

/// An answer with its cache facts.
public struct CachedResponse: Sendable {
    /// The answer.
    public var response: LLMResponse
    /// What the cache did.
    public var cache: CacheMetadata
    /// For a hit: the stored JSON the answer was read from, so that a front end that writes the same answer
    /// again and again can recognise it without comparing the decoded values.
    package var storedBytes: Data? = nil
}
