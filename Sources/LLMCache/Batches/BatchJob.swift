import CacheStorage
import Foundation
import LLMCore

/// A batch job as the store keeps it (the document of a `StoredBatch`): every request, what was sent for it,
/// and what it became. Written by the client that submits it and by the one that collects it.
struct BatchJob: Codable, Sendable {
    /// The job's states.
    enum Status: String, Codable, Sendable {
        /// Stored before the provider batch is created, so that a crash in between leaves a trace.
        case submitting
        /// The provider batch exists; its results are not collected yet.
        case submitted
        /// Every item has its answer or failure.
        case complete
    }

    var id: String
    var provider: ProviderID
    var providerBatchID: String?
    var status: Status
    var createdAt: Date
    var controls: BatchControls
    var items: [BatchJobItem]

    /// The stored form.
    func stored(at now: Date) throws -> StoredBatch {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return StoredBatch(
            id: id, provider: provider, providerBatchID: providerBatchID, status: status.rawValue,
            itemCount: items.count, createdAt: createdAt, updatedAt: now,
            document: String(decoding: try encoder.encode(self), as: UTF8.self))
    }

    /// The job a stored batch holds.
    init(_ stored: StoredBatch) throws {
        self = try JSONDecoder().decode(BatchJob.self, from: Data(stored.document.utf8))
    }

    init(
        id: String, provider: ProviderID, providerBatchID: String?, status: Status, createdAt: Date,
        controls: BatchControls, items: [BatchJobItem]
    ) {
        self.id = id
        self.provider = provider
        self.providerBatchID = providerBatchID
        self.status = status
        self.createdAt = createdAt
        self.controls = controls
        self.items = items
    }

    /// Where the job stands.
    func progress(providerStatus: ProviderBatchStatus? = nil) -> BatchProgress {
        var (hits, pending, answered, failed) = (0, 0, 0, 0)
        var kinds: [BatchItemFailure.Kind: Int] = [:]
        for item in items {
            switch item.state {
            case .cached: hits += 1
            case .pending: pending += 1
            case .answered: answered += 1
            case .failed(let failure):
                failed += 1
                kinds[failure.kind, default: 0] += 1
            }
        }
        return BatchProgress(
            id: id, provider: provider, providerBatchID: providerBatchID, isComplete: status == .complete,
            itemCount: items.count, cacheHits: hits, pending: pending, answered: answered, failed: failed,
            failedByKind: kinds, namespace: controls.namespace, providerStatus: providerStatus, createdAt: createdAt)
    }
}

/// The cache controls of a batch that its collection needs again (in another process, perhaps).
struct BatchControls: Codable, Sendable {
    var namespace: String
    var ttlMilliseconds: Int64?
    var noStore: Bool
    var tags: [String]
    var costTags: [String: String]
    var allowNonDeterministic: Bool
    var mode: CacheMode?
    var similarityThreshold: Float?

    init(_ controls: CacheControls, namespace: String) {
        self.namespace = namespace
        self.ttlMilliseconds = controls.ttl.map { $0.saturatedMilliseconds }
        self.noStore = controls.noStore
        self.tags = controls.tags
        self.costTags = controls.costTags
        self.allowNonDeterministic = controls.allowNonDeterministic
        self.mode = controls.mode
        self.similarityThreshold = controls.similarityThreshold
    }

    /// The controls the answers are stored with.
    var cacheControls: CacheControls {
        var controls = CacheControls()
        controls.namespace = namespace
        controls.ttl = ttlMilliseconds.map { .milliseconds($0) }
        controls.noStore = noStore
        controls.tags = tags
        controls.costTags = costTags
        controls.allowNonDeterministic = allowNonDeterministic
        controls.mode = mode
        controls.similarityThreshold = similarityThreshold
        return controls
    }
}

/// One request of a batch job.
struct BatchJobItem: Codable, Sendable {
    /// What the request became.
    enum State: Codable, Sendable {
        /// A cache answered it (or, `coalesced`, an identical request of the batch).
        case cached(BatchJobHit)
        /// Sent in the provider batch; no result collected yet.
        case pending
        /// The provider's batch answered it.
        case answered(response: LLMResponse, cost: MicroDollars?)
        /// No answer.
        case failed(BatchItemFailure)
    }

    var index: Int
    /// The item's id in the provider batch.
    var customID: String
    /// The request as the caller wrote it (addressed to the provider): what its answer is stored under.
    var request: LLMRequest
    /// What is sent for it (routed, within the token limits), while it is being submitted; not kept in the
    /// store (the job would hold every prompt twice).
    var sent: LLMRequest? = nil {
        didSet { sentModel = sent?.model }
    }
    /// The model it was sent to; `nil` when it was not sent.
    var sentModel: String?
    /// Whether its answer may be stored (its exact-cache key was computed).
    var storable: Bool
    /// The index of the identical request of the batch whose answer it shares.
    var sameAs: Int?
    /// What its call was estimated to cost, at the batch rates.
    var estimate: MicroDollars
    var state: State

    enum CodingKeys: String, CodingKey {
        case index, customID, request, sentModel, storable, sameAs, estimate, state
    }

    var isPending: Bool {
        if case .pending = state { return true }
        return false
    }
}

/// A cache hit of a batch item, as the job keeps it.
struct BatchJobHit: Codable, Sendable {
    var layer: CacheLayer
    var response: LLMResponse
    var key: String?
    var servedKey: String?
    var similarity: Float?
    var saved: MicroDollars?
    var ageMilliseconds: Int64?
    var coalesced: Bool

    init(_ answer: CachedResponse) {
        let cache = answer.cache
        self.layer = cache.layer
        self.response = answer.response
        self.key = cache.key?.hex
        self.servedKey = cache.servedKey?.hex
        self.similarity = cache.similarity
        self.saved = cache.saved
        self.ageMilliseconds = cache.age?.saturatedMilliseconds
        self.coalesced = cache.coalesced
    }

    /// The hit of a request answered by the identical request `leader` of the same batch.
    init(sharing response: LLMResponse, key: String?, saved: MicroDollars?) {
        self.layer = .exact
        self.response = response
        self.key = key
        self.servedKey = key
        self.similarity = nil
        self.saved = saved
        self.ageMilliseconds = 0
        self.coalesced = true
    }

    /// The answer, as ``CachedClient/send(_:cache:)`` would have given it.
    func answer(namespace: String) -> CachedResponse {
        CachedResponse(
            response: response,
            cache: CacheMetadata(
                layer: layer, outcome: .hit, key: key.flatMap(CacheKey.init(hex:)),
                servedKey: servedKey.flatMap(CacheKey.init(hex:)), namespace: namespace, coalesced: coalesced,
                similarity: similarity, age: ageMilliseconds.map { .milliseconds($0) }, cost: .zero, saved: saved))
    }
}
