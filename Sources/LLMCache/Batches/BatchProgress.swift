import Foundation
import LLMCore

/// Where a batch job stands: how many of its requests a cache answered, how many the provider has still
/// to answer, how many have answers or failed.
public struct BatchProgress: Sendable, Hashable {
    /// The job's id: pass it to ``CachedClient/batchStatus(id:askingProvider:)`` and ``CachedClient/batchResults(id:polling:)``,
    /// from this process or another one sharing the store.
    public var id: String
    /// The provider the batch went to.
    public var provider: ProviderID
    /// The provider's id of the batch; `nil` when nothing had to be sent.
    public var providerBatchID: String?
    /// Whether every request has its answer or failure, collected and stored.
    public var isComplete: Bool
    /// The number of requests.
    public var itemCount: Int
    /// Requests a cache (or an identical request of the batch) answered.
    public var cacheHits: Int
    /// Requests sent in the provider batch whose results are not collected yet.
    public var pending: Int
    /// Requests the provider's batch answered, collected.
    public var answered: Int
    /// Requests without an answer.
    public var failed: Int
    /// Requests without an answer, by what happened to them.
    public var failedByKind: [BatchItemFailure.Kind: Int]
    /// The cache namespace the requests were looked up and are stored in.
    public var namespace: String
    /// What the provider last reported, when it was asked.
    public var providerStatus: ProviderBatchStatus?
    /// When the job was submitted.
    public var createdAt: Date

    /// A progress report; each parameter sets the property of the same name.
    public init(
        id: String, provider: ProviderID, providerBatchID: String?, isComplete: Bool, itemCount: Int, cacheHits: Int,
        pending: Int, answered: Int, failed: Int, failedByKind: [BatchItemFailure.Kind: Int] = [:],
        namespace: String, providerStatus: ProviderBatchStatus?, createdAt: Date
    ) {
        self.failedByKind = failedByKind
        self.namespace = namespace
        self.id = id
        self.provider = provider
        self.providerBatchID = providerBatchID
        self.isComplete = isComplete
        self.itemCount = itemCount
        self.cacheHits = cacheHits
        self.pending = pending
        self.answered = answered
        self.failed = failed
        self.providerStatus = providerStatus
        self.createdAt = createdAt
    }
}
