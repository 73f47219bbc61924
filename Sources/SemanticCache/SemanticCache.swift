import CacheStorage
import Foundation
import LLMCore
import Logging

/// The semantic cache: answers a request with a stored answer to a similar question asked in the same
/// context (see ``ContextFingerprint``), by cosine similarity of embeddings of the last user turn.
///
/// Vectors live in the store next to their response entry, under the same TTL, namespace and eviction
/// rules; the in-memory ``SemanticIndex`` is loaded at open and kept in step with every insert, purge,
/// eviction and expiry.
public final class SemanticCache: Sendable {
    /// The store the entries live in.
    public let store: any CacheStorage
    /// The embedder of last user turns.
    public let embedder: any Embedder
    /// The in-memory index.
    public let index: SemanticIndex
    /// The layer's settings.
    public let configuration: SemanticCacheConfiguration
    /// Decides whether each lookup's best candidate is served, and learns from labelled outcomes.
    public let decider: HitDecider
    private let logger: Logger

    private init(
        store: any CacheStorage, embedder: any Embedder, index: SemanticIndex,
        configuration: SemanticCacheConfiguration, decider: HitDecider,
        logger: Logger
    ) {
        self.store = store
        self.embedder = embedder
        self.index = index
        self.configuration = configuration
        self.decider = decider
        self.logger = logger
    }

    /// Opens the semantic layer over `store`: checks that stored vectors come from `embedder` (same model
    /// and dimension), loads them into the index and follows the store's removals from then on.
    ///
    /// - Parameters:
    ///   - store: the store whose entries the layer serves, and whose vectors it indexes.
    ///   - embedder: embeds the prompts; it must be the embedder that wrote the stored vectors.
    ///   - configuration: the layer's settings.
    ///   - reembed: when stored vectors come from another embedder, re-embed every stored prompt
    ///     with this one instead of failing.
    ///   - logger: where the index's loading and re-embedding are logged.
    /// - Throws: ``SemanticCacheError/embedderMismatch(path:stored:given:)`` when the embedders differ and
    ///   `reembed` is off.
    public static func open(
        store: any CacheStorage, embedder: any Embedder, configuration: SemanticCacheConfiguration = .init(),
        reembed: Bool = false, logger: Logger = Logger(label: "llmcache.semantic")
    ) async throws -> SemanticCache {
        if let threshold = configuration.policy.fixedThreshold, !(-1...1).contains(threshold) {
            throw SemanticCacheError.thresholdOutOfRange(threshold)
        }
        if case .bounded(let rate) = configuration.policy, !(rate > 0 && rate < 1) {
            throw SemanticCacheError.wrongHitRateOutOfRange(rate)
        }
        let given = EmbeddingSignature(model: embedder.modelIdentifier, dimension: embedder.dimension)
        let stored = try await store.embeddingSignature()
        if let stored, stored != given {
            guard reembed else {
                throw SemanticCacheError.embedderMismatch(path: store.location, stored: stored, given: given)
            }
            try await reembedAll(store: store, embedder: embedder, logger: logger)
        }
        if stored != given && !store.isReadOnly { try await store.setEmbeddingSignature(given) }

        let index = SemanticIndex(
            dimension: embedder.dimension, scan: configuration.indexScan,
            approximateSearch: configuration.approximateSearch)
        let follower = IndexFollower(index: index, store: store, logger: logger)
        await store.setVectorObserver { change in follower.apply(change) }
        try await follower.load()
        logger.debug("semantic index loaded", metadata: ["entries": "\(index.count)", "scopes": "\(index.scopeCount)"])
        var calibration = configuration.calibration
        if case .bounded = configuration.policy, let fitted = calibration, fitted.model != embedder.modelIdentifier {
            logger.notice(
                "the semantic calibration is for another embedder; serving at the guarded threshold until one is fitted",
                metadata: [
                    "calibrated": "\(fitted.model)", "embedder": "\(embedder.modelIdentifier)",
                    "threshold": "\(HitDecider.uncalibratedThreshold)",
                ])
            calibration = nil
        }
        let decider = HitDecider(
            policy: configuration.policy, calibration: calibration, settings: configuration.bounded)
        var learnt = 0
        var last: Int64 = 0
        while true {
            let page = try await store.observations(after: last, limit: 4096)
            guard let tail = page.last else { break }
            for row in page { decider.learn(row.observation) }
            learnt += page.count
            last = tail.id
        }
        if learnt > 0 { logger.debug("semantic labels loaded", metadata: ["observations": "\(learnt)"]) }
        return SemanticCache(
            store: store, embedder: embedder, index: index, configuration: configuration, decider: decider,
            logger: logger)
    }

    /// Embeds every stored prompt again with `embedder`, replacing the old vectors.
    private static func reembedAll(store: any CacheStorage, embedder: any Embedder, logger: Logger) async throws {
        logger.notice("re-embedding stored prompts with \(embedder.modelIdentifier)")
        var rows: [(id: Int64, scope: String, prompt: String)] = []
        var last: Int64 = 0
        while true {
            let page = try await store.vectors(after: last, limit: 4096)
            guard let tail = page.last else { break }
            for row in page { rows.append((row.id, row.scope, try await store.prompt(forEntry: row.id) ?? "")) }
            last = tail.id
        }
        let vectors = try await embedder.embed(rows.map(\.prompt))
        try await store.replaceVectors(
            zip(rows, vectors).map { row, vector in
                (row.id, StoredVector(scope: row.scope, prompt: row.prompt, vector: vector))
            })
    }

    /// The text to embed and the scope to search, or why the request cannot use this layer.
    public func eligibility(of request: LLMRequest, namespace: String) -> Result<
        (scope: String, text: String), any Error
    > {
        Result { try ContextFingerprint.scope(of: request, namespace: namespace, family: configuration.family(of:)) }
    }

    /// Embeds `text` within the configured time limit.
    ///
    /// Returns as soon as the limit passes, even when the embedder does not respond to cancellation (a
    /// CPU-bound model finishes its batch in the background and its result is dropped).
    ///
    /// - Throws: ``EmbeddingTimeoutError`` when the embedder takes too long, or the embedder's own error.
    public func embed(_ text: String) async throws -> [Float] {
        let embedder = self.embedder
        let limit = configuration.embeddingTimeout
        return try await Deadline.run(limit: limit, timeout: EmbeddingTimeoutError(limit: limit)) {
            guard let vector = try await embedder.embed([text]).first else { throw EmbeddingTimeoutError(limit: limit) }
            return vector
        }
    }

    /// The best live stored answer in `scope` at or above `threshold`, or `nil`: a plain threshold, without
    /// guards or policy (see ``find(vector:prompt:scope:threshold:maxAge:)`` for the layer's decision).
    public func lookup(
        vector: [Float], scope: String, threshold: Float, maxAge: Duration?
    ) async throws -> SemanticAnswer? {
        let matches = try index.search(scope: scope, vector: vector, k: configuration.candidates, threshold: threshold)
        for match in matches {
            switch try await store.lookup(id: match.id, maxAge: maxAge, recordHit: true) {
            case .hit(let entry):
                return try await answer(entry, similarity: match.similarity, prompt: nil)
            case .expired, .miss:
                index.remove([(scope, match.id)])
            case .tooOld:
                continue
            }
        }
        return nil
    }

    /// The layer's decision for one lookup: the best live candidate in `scope` that the guards and its
    /// entry's labels let through, and whether the policy serves it, explores it or misses (counting the
    /// lookup in the policy's statistics). A hit is recorded on the entry only when served.
    ///
    /// - Parameters:
    ///   - vector: the embedding of `prompt`.
    ///   - prompt: the text that was embedded (the request's last user turn).
    ///   - scope: the scope to search (the request's context fingerprint).
    ///   - threshold: a request's own threshold, overriding the policy's (nothing is explored then).
    ///   - maxAge: refuse stored answers older than this.
    public func find(vector: [Float], prompt: String, scope: String, threshold: Float?, maxAge: Duration?)
        async throws -> SemanticLookup
    {
        let policy = configuration.policy
        let guarded = policy.usesGuards
        let floor = threshold ?? decider.searchFloor
        let matches = try index.search(scope: scope, vector: vector, k: configuration.candidates, threshold: floor)
        let query = guarded ? PromptText(prompt, lexicon: configuration.guards.lexicon) : nil
        var refusals: [GuardRefusal] = []
        var refusedByLabel = 0
        var candidate: SemanticAnswer?
        for match in matches {
            var stored: String?
            if let query {
                guard let prompt = try await store.prompt(forEntry: match.id) else {
                    index.remove([(scope, match.id)])
                    continue
                }
                let read = PromptText(prompt, lexicon: configuration.guards.lexicon)
                if let refusal = configuration.guards.check(query: query, candidate: read) {
                    refusals.append(refusal)
                    continue
                }
                if decider.entryRefuses(match.id, similarity: match.similarity) {
                    refusedByLabel += 1
                    continue
                }
                stored = prompt
            }
            switch try await store.lookup(id: match.id, maxAge: maxAge, recordHit: false) {
            case .hit(let entry):
                candidate = try await answer(entry, similarity: match.similarity, prompt: stored)
            case .expired, .miss:
                index.remove([(scope, match.id)])
            case .tooOld:
                continue
            }
            if candidate != nil { break }
        }
        let decision = decider.decide(similarity: candidate?.similarity, scope: scope, threshold: threshold)
        if decision.verdict == .serve, let served = candidate {
            if case .hit(let entry) = try await store.lookup(id: served.entry.id, maxAge: maxAge, recordHit: true) {
                candidate?.entry = entry
            }
        }
        return SemanticLookup(
            candidate: candidate, decision: decision, scope: scope, refusals: refusals, refusedByLabel: refusedByLabel)
    }

    /// Learns a labelled outcome and keeps it in the store (so that it survives restarts and reaches the
    /// other instances on a shared store when they next open).
    public func learn(_ observation: HitObservation) async throws {
        decider.learn(observation)
        try await store.recordObservation(observation)
    }

    private func answer(_ entry: CacheEntry, similarity: Float, prompt: String?) async throws -> SemanticAnswer {
        let response = try JSONDecoder().decode(LLMResponse.self, from: entry.response)
        let matched: String
        if let prompt { matched = prompt } else { matched = try await store.prompt(forEntry: entry.id) ?? "" }
        return SemanticAnswer(response: response, entry: entry, similarity: similarity, matchedPrompt: matched)
    }

    /// Adds a stored entry's vector to the index (after the store committed it).
    public func indexInserted(id: Int64, scope: String, vector: [Float]) {
        do {
            try index.insert(scope: scope, id: id, vector: vector)
        } catch {
            logger.warning("could not index a stored vector", metadata: ["id": "\(id)", "error": "\(error)"])
        }
    }

    /// Removes expired entries from the store and the index.
    @discardableResult
    public func sweepExpired() async throws -> Int {
        try await store.purge(PurgeSelector(expired: true), dryRun: false).entries
    }
}

/// A stored answer found by similarity.
public struct SemanticAnswer: Sendable {
    /// The stored response.
    public var response: LLMResponse
    /// The stored entry.
    public var entry: CacheEntry
    /// Cosine similarity between the request's last user turn and the stored prompt.
    public var similarity: Float
    /// The stored prompt that matched.
    public var matchedPrompt: String
}

/// What the semantic layer found and decided for one lookup.
public struct SemanticLookup: Sendable {
    /// The best live candidate the guards and its entry's labels let through, if any.
    public var candidate: SemanticAnswer?
    /// Serve, explore or miss (and whether to verify a near miss).
    public var decision: HitDecision
    /// The scope searched.
    public var scope: String
    /// The guards' refusals of better candidates.
    public var refusals: [GuardRefusal]
    /// Better candidates refused by their entry's own wrong labels.
    public var refusedByLabel: Int

    /// The answer to serve, when the decision is to serve.
    public var served: SemanticAnswer? { decision.verdict == .serve ? candidate : nil }
}

/// The embedder did not answer within the configured time.
public struct EmbeddingTimeoutError: Error, CustomStringConvertible {
    /// The time limit.
    public var limit: Duration
    public var description: String { "embedding took longer than \(limit); the call went on uncached" }
}

/// The former name of ``EmbeddingTimeoutError``.
@available(*, deprecated, renamed: "EmbeddingTimeoutError")
public typealias EmbeddingTimeout = EmbeddingTimeoutError
