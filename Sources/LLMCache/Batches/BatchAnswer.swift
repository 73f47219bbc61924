import LLMCore

/// The answer to one request of a batch (``CachedClient/batch(_:cache:polling:)``), at the request's place.
public struct BatchAnswer: Sendable {
    /// Where the answer came from.
    public enum Outcome: Sendable {
        /// A cache answered it (or an identical request of the same batch did); it was not sent.
        case cacheHit(CachedResponse)
        /// The provider's batch answered it, priced at the batch rates; stored in the caches unless the
        /// request may not be.
        case batchResult(CachedResponse)
        /// It has no answer: it failed, expired or was refused. Nothing was stored for it.
        case failed(BatchItemFailure)
    }

    /// The request's position in the batch, from 0.
    public var index: Int
    /// The item's id: the caller's (``CachedClient/submitBatch(items:cache:)``), or `item-<index>`.
    public var customID: String
    /// The request it answers, as the caller wrote it.
    public var request: LLMRequest
    /// Where the answer came from.
    public var outcome: Outcome

    /// An answer at `index` to `request`.
    public init(index: Int, customID: String, request: LLMRequest, outcome: Outcome) {
        self.index = index
        self.customID = customID
        self.request = request
        self.outcome = outcome
    }

    /// The answer and its cache metadata, or `nil` for a failed item.
    public var answer: CachedResponse? {
        switch outcome {
        case .cacheHit(let answer), .batchResult(let answer): return answer
        case .failed: return nil
        }
    }

    /// Whether a cache answered it.
    public var isCacheHit: Bool {
        if case .cacheHit = outcome { return true }
        return false
    }

    /// Why it has no answer, or `nil`.
    public var failure: BatchItemFailure? {
        if case .failed(let failure) = outcome { return failure }
        return nil
    }
}
