import CacheStorage
import CostControl
import Foundation
import LLMCore
import Logging
import PromptCaching
import SemanticCache

/// A model client with caches in front: wrap any `LLMTransport` and send requests through it.
///
/// ```swift
/// let store = try SQLiteStore(path: "cache.sqlite")
/// let semantic = try await SemanticCache.open(store: store, embedder: try MiniLMEmbedder())
/// let client = CachedClient(upstream: myTransport, store: store, semantic: semantic)
/// let answer = try await client.send(request)
/// print(answer.cache.layer, answer.cache.similarity ?? 1, answer.response.text)
/// ```
///
/// A call goes to the exact cache, then (when given) the semantic cache, then the upstream; the answer is
/// stored in both on the way back (each layer is a ``CacheLayer`` with the shape of `LookupLayer`). With ``CachedClientConfiguration/promptCaching`` on, an upstream call is
/// first planned for the provider's own prompt cache (see ``PromptCachingSettings``). The caches fail open:
/// if the store cannot be read or written, or the embedder is slow or fails, the call goes to the provider,
/// a warning is logged and the layer's `failures` counter grows; a cache problem never becomes the caller's
/// error.
public struct CachedClient: Sendable {
    /// Where calls that the caches cannot answer go.
    public let upstream: any LLMTransport
    /// The exact response cache.
    public let exact: ExactCache
    /// The semantic cache, when the client has one.
    public let semantic: SemanticCache?
    /// The client's settings.
    public let configuration: CachedClientConfiguration
    /// Prices usage to report cost and money saved; `nil` leaves money out.
    public let pricer: (any UsagePricer)?
    /// Budgets, retries and cost records for upstream calls; `nil` sends each call once, unbudgeted.
    public let costGuard: CostGuard?
    /// Plans the provider's prompt cache for upstream calls when
    /// ``CachedClientConfiguration/promptCaching`` is on; `nil` when no pricing is known.
    public let promptCachePlanner: PromptCachePlanner?
    /// Chooses the cheapest model that fits each upstream call, among the models of the request's provider;
    /// `nil` sends every call to the model it names. The caches key answers by the request as the caller
    /// wrote it, so a routed answer is served again to the same request.
    public let router: ModelRouter?
    /// Limits the rate of upstream calls (requests and tokens per minute by namespace, caller and cost
    /// tag); `nil` for no limit. Hits draw nothing: only calls that go upstream are limited.
    public let rateLimiter: RateLimiter?
    /// The layers a call is looked up in, in order: the exact cache, then the semantic cache when given.
    let layers: [any LookupLayer]
    let bookkeeping: LayerBookkeeping
    let inFlight = InFlightCalls()
    let batchHolds = BatchHolds()
    let logger: Logger

    /// - Parameters:
    ///   - upstream: where calls the caches cannot answer go.
    ///   - store: the store behind every layer.
    ///   - semantic: the semantic layer, opened over the same store; `nil` for the exact cache alone.
    ///   - configuration: the client's settings.
    ///   - pricer: prices usage; defaults to the cost guard's pricing table when one is given.
    ///   - costGuard: runs every upstream call under its budget and retry policy and records its cost in
    ///     the guard's ledger (use ``StoreCostLedger`` to keep it in the cache database).
    ///   - promptCachePlanner: plans the provider's prompt cache when the configuration turns it on; defaults
    ///     to a planner over the cost guard's pricing table when one is given.
    ///   - router: chooses the model of each upstream call (see ``router``).
    ///   - rateLimiter: limits the rate of upstream calls (see ``rateLimiter``).
    ///   - logger: where the client logs (hits and misses at debug level, failing layers as warnings).
    public init(
        upstream: any LLMTransport, store: any CacheStorage, semantic: SemanticCache? = nil,
        configuration: CachedClientConfiguration = .init(), pricer: (any UsagePricer)? = nil,
        costGuard: CostGuard? = nil, promptCachePlanner: PromptCachePlanner? = nil, router: ModelRouter? = nil,
        rateLimiter: RateLimiter? = nil, logger: Logger = Logger(label: "llmcache.client")
    ) {
        self.router = router
        self.rateLimiter = rateLimiter
        self.upstream = upstream
        self.exact = ExactCache(store: store, configuration: configuration.exact)
        self.semantic = semantic
        self.configuration = configuration
        self.pricer = pricer ?? costGuard?.pricing
        self.costGuard = costGuard
        self.promptCachePlanner = promptCachePlanner ?? costGuard.map { PromptCachePlanner(pricing: $0.pricing) }
        self.logger = logger
        self.layers = [exact] + (semantic.map { [$0] } ?? [])
        self.bookkeeping = LayerBookkeeping(
            store: store, whenStoreUnavailable: configuration.whenStoreUnavailable, logger: logger)
    }

    /// The store behind the caches.
    public var store: any CacheStorage { exact.store }

    /// Answers `request` from a cache when it may, from the upstream otherwise, and stores the answer.
    ///
    /// A request that names no provider is for the upstream's (`LLMTransport.provider`).
    /// - Throws: `ProviderMismatchError` before any lookup when the request names another provider than the
    ///   upstream's (or neither names one); `CacheControlsError` for invalid controls; the upstream's
    ///   errors (`ProviderError`, `BudgetExceededError`, …) when the call goes upstream.
    public func send(_ request: LLMRequest, cache controls: CacheControls = CacheControls()) async throws
        -> CachedResponse
    {
        let request = try request.addressed(to: upstream.provider)
        switch try await lookUp(request, controls: controls) {
        case .hit(let answer, _):
            return answer
        case .bypass(let reason, let namespace):
            let answer = try await callUpstream(request, controls: controls)
            return CachedResponse(
                response: answer.response,
                cache: CacheMetadata(
                    layer: .none, outcome: .bypass, namespace: namespace, bypassReason: reason,
                    cost: answer.cost, promptCache: answer.promptCache, routing: answer.routing,
                    tokenAdjustment: answer.tokenAdjustment))
        case .refresh(let call):
            let answer = try await callAndStore(request, call, controls: controls)
            var metadata = Self.refreshMetadata(
                call, cost: answer.cost, promptCache: answer.promptCache, routing: answer.routing)
            metadata.tokenAdjustment = answer.tokenAdjustment
            return CachedResponse(response: answer.response, cache: metadata)
        case .miss(let call):
            // Identical cacheable calls in flight at once make one upstream call; the others share its answer.
            let flight = try await inFlight.run(key: call.flightKey) { [self] in
                if let stored = await storedBeforeCall(call, controls: controls) {
                    return InFlightCalls.Outcome(response: stored.response, cost: .zero, stored: stored)
                }
                return try await callAndStore(request, call, controls: controls)
            }
            if let stored = flight.outcome.stored {
                return await hit(.exact, stored, key: call.key, namespace: call.namespace)
            }
            if !flight.leader { return await coalesced(flight.outcome, call) }
            return CachedResponse(
                response: flight.outcome.response,
                cache: CacheMetadata(
                    layer: .none, outcome: .miss, key: call.key, namespace: call.namespace,
                    cost: flight.outcome.cost, promptCache: flight.outcome.promptCache,
                    routing: flight.outcome.routing, tokenAdjustment: flight.outcome.tokenAdjustment))
        }
    }

    /// Removes the stored entry that answered `answer` from every layer, so that no request is served it
    /// again. Use it when a user reports a wrong cached answer. Returns whether an entry was removed.
    @discardableResult
    public func reportWrongHit(_ answer: CachedResponse) async throws -> Bool {
        try await reportWrongHit(answer.cache)
    }

    /// Removes the stored entry behind the answer `cache` describes: the metadata of a sent answer, of a
    /// stream (``CachedStream/cache``), or rebuilt from a proxy's headers. Returns whether an entry was
    /// removed; metadata that is not a hit removes nothing.
    @discardableResult
    public func reportWrongHit(_ cache: CacheMetadata) async throws -> Bool {
        guard cache.outcome == .hit, let served = cache.servedKey else { return false }
        return try await reportWrongHit(
            servedKey: served, namespace: cache.namespace, layer: cache.layer,
            label: label(cache, correct: false, source: .reportedWrong))
    }

    /// Tells the semantic layer that the hit `cache` describes was right: a label it learns from (its
    /// scope's wrong rate falls, so that more similar questions are served there). Returns whether the
    /// label was taken; an answer that is not a semantic hit has nothing to confirm.
    @discardableResult
    public func confirmHit(_ cache: CacheMetadata) async throws -> Bool {
        guard let semantic, let observation = label(cache, correct: true, source: .confirmed) else { return false }
        try await semantic.learn(observation)
        return true
    }

    /// Tells the semantic layer that `answer`, a hit, was right; see ``confirmHit(_:)-(CacheMetadata)``.
    @discardableResult
    public func confirmHit(_ answer: CachedResponse) async throws -> Bool {
        try await confirmHit(answer.cache)
    }

    /// The label a semantic hit's metadata makes, or `nil` for any other answer.
    private func label(_ cache: CacheMetadata, correct: Bool, source: HitObservation.Source) -> HitObservation? {
        guard cache.outcome == .hit, cache.layer == .semantic, !cache.coalesced, let scope = cache.scope,
            let entry = cache.servedEntryID, let similarity = cache.similarity
        else { return nil }
        return HitObservation(
            entryID: entry, scope: scope, similarity: similarity, correct: correct, source: source,
            observedAt: store.clock.now())
    }

    /// Removes the entry stored under `servedKey` in `namespace` (the ``CacheMetadata/servedKey`` of a hit);
    /// returns whether one was removed.
    @discardableResult
    public func reportWrongHit(servedKey: CacheKey, namespace: String) async throws -> Bool {
        try await reportWrongHit(servedKey: servedKey, namespace: namespace, layer: nil)
    }

    private func reportWrongHit(servedKey: CacheKey, namespace: String, layer: CacheLayer?) async throws -> Bool {
        try await reportWrongHit(servedKey: servedKey, namespace: namespace, layer: layer, label: nil)
    }

    /// Removes the stored entry behind a wrong hit; a semantic hit also becomes a label the layer learns
    /// from (its scope's wrong rate rises, and no similar query is served that entry's answer again).
    private func reportWrongHit(servedKey: CacheKey, namespace: String, layer: CacheLayer?, label: HitObservation?)
        async throws -> Bool
    {
        if let label, let semantic { try await semantic.learn(label) }
        let removed = try await store.purge(PurgeSelector(namespace: namespace, key: servedKey.hex), dryRun: false)
        logger.notice(
            "removed a reported wrong hit",
            metadata: [
                "layer": "\(layer?.rawValue ?? "unknown")", "key": "\(servedKey)", "entries": "\(removed.entries)",
            ])
        return removed.entries > 0
    }

    // MARK: Steps

    /// The answer `layer` serves from `stored`, counted under `layer` (unless the lookup already `counted`
    /// it), or under the single-flight layer when `coalesced` (answered by an identical call, not by a lookup
    /// of this one).
    func hit(
        _ layer: CacheLayer, _ stored: CachedAnswer, key: CacheKey, namespace: String, similarity: Float? = nil,
        coalesced: Bool = false, counted: Bool = false
    ) async -> CachedResponse {
        let entry = stored.entry
        let saved = entry.cost ?? price(stored.response)
        if !counted {
            await bookkeeping.count(
                coalesced ? .singleFlight : layer,
                Self.hitCounters(
                    inputTokens: entry.inputTokens, outputTokens: entry.outputTokens, saved: saved,
                    similarity: similarity))
        }
        logger.debug("cache hit", metadata: ["layer": "\(layer)", "key": "\(key)", "namespace": "\(namespace)"])
        let now = store.clock.now()
        return CachedResponse(
            response: stored.response,
            cache: CacheMetadata(
                layer: layer, outcome: .hit, key: key, servedKey: CacheKey(hex: entry.key), namespace: namespace,
                coalesced: coalesced, similarity: similarity,
                age: Duration(saturatingSeconds: now.timeIntervalSince(entry.createdAt)), cost: .zero,
                saved: saved, servedEntryID: entry.id),
            storedBytes: entry.response)
    }

    static func hitCounters(inputTokens: Int, outputTokens: Int, saved: MicroDollars?, similarity: Float?)
        -> [String: Int64]
    {
        [
            CounterName.hits: 1, CounterName.tokensSavedInput: Int64(inputTokens),
            CounterName.tokensSavedOutput: Int64(outputTokens), CounterName.moneySavedMicros: saved?.rawValue ?? 0,
            CounterName.similaritySumMicros: similarity.map { Int64(saturating: (Double($0) * 1_000_000).rounded()) }
                ?? 0,
        ]
    }

    /// Stores an answer in the exact cache (and its vector in the semantic index) unless the caller said
    /// not to or the answer may not be stored.
    func storeAnswer(
        _ response: LLMResponse, recording: StreamRecording? = nil, request: LLMRequest, _ call: PendingCall,
        controls: CacheControls, cost: MicroDollars?
    ) async {
        for contribution in call.contributions { await contribution.answered?(response, self) }
        guard !controls.noStore && exact.isStorable(response) else { return }
        // One entry stores the answer for every layer; at most one of them contributes a vector.
        let vector = call.contributions.lazy.compactMap(\.vector).first
        let id = await bookkeeping.failOpen(.exact, "store") {
            let entry = try exact.entry(
                for: response, recording: recording, request: request, key: call.key, namespace: call.namespace,
                controls: controls, cost: cost, vector: vector)
            return try await store.insert(entry)
        }
        if let id {
            for contribution in call.contributions { contribution.stored(id) }
        }
    }

    /// Calls upstream and stores a storable answer (unless told not to); returns the answer and its cost.
    private func callAndStore(_ request: LLMRequest, _ call: PendingCall, controls: CacheControls) async throws
        -> InFlightCalls.Outcome
    {
        let answer = try await callUpstream(request, controls: controls)
        await storeAnswer(answer.response, request: request, call, controls: controls, cost: answer.cost)
        return answer
    }

    func price(_ response: LLMResponse) -> MicroDollars? {
        pricer?.cost(model: response.model, usage: response.usage)
    }
}
