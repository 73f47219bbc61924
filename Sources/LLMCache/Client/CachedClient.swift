import CacheStore
import CostControl
import Foundation
import LLMCore
import Logging
import PromptCaching
import SemanticCache

/// A model client with caches in front: wrap any ``LLMTransport`` and send requests through it.
///
/// ```swift
/// let store = try CacheStore(path: "cache.sqlite")
/// let semantic = try await SemanticCache.open(store: store, embedder: try MiniLMEmbedder())
/// let client = CachedClient(upstream: myTransport, store: store, semantic: semantic)
/// let answer = try await client.send(request)
/// print(answer.cache.layer, answer.cache.similarity ?? 1, answer.response.text)
/// ```
///
/// A call goes to the exact cache, then (when given) the semantic cache, then the upstream; the answer is
/// stored in both on the way back. With ``CachedClientConfiguration/promptCaching`` on, an upstream call is
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
    let inFlight = InFlightCalls()
    let logger: Logger

    /// - Parameters:
    ///   - pricer: prices usage; defaults to the cost guard's pricing table when one is given.
    ///   - costGuard: runs every upstream call under its budget and retry policy and records its cost in
    ///     the guard's ledger (use ``StoreCostLedger`` to keep it in the cache database).
    ///   - promptCachePlanner: plans the provider's prompt cache when the configuration turns it on; defaults
    ///     to a planner over the cost guard's pricing table when one is given.
    ///   - router: chooses the model of each upstream call (see ``router``).
    public init(
        upstream: any LLMTransport, store: CacheStore, semantic: SemanticCache? = nil,
        configuration: CachedClientConfiguration = .init(), pricer: (any UsagePricer)? = nil,
        costGuard: CostGuard? = nil, promptCachePlanner: PromptCachePlanner? = nil, router: ModelRouter? = nil,
        logger: Logger = Logger(label: "llmcache.client")
    ) {
        self.router = router
        self.upstream = upstream
        self.exact = ExactCache(store: store, configuration: configuration.exact)
        self.semantic = semantic
        self.configuration = configuration
        self.pricer = pricer ?? costGuard?.pricing
        self.costGuard = costGuard
        self.promptCachePlanner = promptCachePlanner ?? costGuard.map { PromptCachePlanner(pricing: $0.pricing) }
        self.logger = logger
    }

    /// The store behind the caches.
    public var store: CacheStore { exact.store }

    /// Answers `request` from a cache when it may, from the upstream otherwise, and stores the answer.
    public func send(_ request: LLMRequest, cache controls: CacheControls = CacheControls()) async throws
        -> CachedResponse
    {
        switch try await route(request, controls: controls) {
        case .hit(let answer, _):
            return answer
        case .bypass(let reason, let namespace):
            let answer = try await callUpstream(request, controls: controls)
            return CachedResponse(
                response: answer.response,
                cache: CacheMetadata(
                    layer: .none, outcome: .bypass, namespace: namespace, bypassReason: reason,
                    costMicros: answer.costMicros, promptCache: answer.promptCache))
        case .refresh(let call):
            let answer = try await callAndStore(request, call, controls: controls)
            return CachedResponse(
                response: answer.response,
                cache: Self.refreshMetadata(call, costMicros: answer.costMicros, promptCache: answer.promptCache))
        case .miss(let call):
            // Identical cacheable calls in flight at once make one upstream call; the others share its answer.
            let flight = try await inFlight.run(key: call.flightKey) { [self] in
                if let stored = await storedBeforeCall(call, controls: controls) {
                    return InFlightCalls.Outcome(response: stored.response, costMicros: 0, stored: stored)
                }
                return try await callAndStore(request, call, controls: controls)
            }
            if let stored = flight.outcome.stored {
                return await hit(ExactCache.layer, .exact, stored, key: call.key, namespace: call.namespace)
            }
            if !flight.leader { return await coalesced(flight.outcome, call) }
            return CachedResponse(
                response: flight.outcome.response,
                cache: CacheMetadata(
                    layer: .none, outcome: .miss, key: call.key, namespace: call.namespace,
                    costMicros: flight.outcome.costMicros, promptCache: flight.outcome.promptCache))
        }
    }

    /// Removes the stored entry that answered `answer` from every layer, so that no request is served it
    /// again. Use it when a user reports a wrong cached answer. Returns whether an entry was removed.
    @discardableResult
    public func reportWrongHit(_ answer: CachedResponse) async throws -> Bool {
        guard answer.cache.outcome == .hit, let served = answer.cache.servedKey else { return false }
        let removed = try await store.purge(PurgeSelector(namespace: answer.cache.namespace, key: served.hex))
        logger.notice(
            "removed a reported wrong hit",
            metadata: ["layer": "\(answer.cache.layer.rawValue)", "key": "\(served)", "entries": "\(removed.entries)"])
        return removed.entries > 0
    }

    // MARK: Routing

    /// Looks `request` up in the caches; returns the hit, or how the call must go upstream.
    func route(_ request: LLMRequest, controls: CacheControls) async throws -> CallRoute {
        if let threshold = controls.similarityThreshold, !(-1...1).contains(threshold) {
            throw CacheControlsError.thresholdOutOfRange(threshold)
        }
        let namespace = controls.namespace ?? configuration.defaultNamespace
        let exactBypass = exact.bypassReason(for: request, controls: controls)
        let semanticLayer = semanticLayer(for: request, controls: controls)
        guard exactBypass == nil || semanticLayer != nil else {
            await count(ExactCache.layer, [CounterName.bypasses: 1])
            return .bypass(reason: exactBypass, namespace: namespace)
        }
        let key = try CacheKey(request)
        let lookUp = !controls.noCache && !controls.forceRefresh

        if controls.forceRefresh {
            await failOpen(ExactCache.layer, "drop the entry to refresh") {
                try await exact.remove(key: key, namespace: namespace)
            }
        }
        if exactBypass == nil && lookUp {
            let found = await failOpen(ExactCache.layer, "look up") {
                try await exact.lookup(key: key, namespace: namespace, maxAge: controls.maxAge)
            }
            if let found = found ?? nil {
                let answer = await hit(ExactCache.layer, .exact, found, key: key, namespace: namespace)
                return .hit(answer, stored: found)
            }
            await count(ExactCache.layer, [CounterName.misses: 1])
        }

        var probe: SemanticProbe?
        if let semanticLayer {
            probe = await self.probe(semanticLayer, request: request, namespace: namespace)
            if let probe, lookUp {
                let threshold = controls.similarityThreshold ?? semanticLayer.configuration.threshold
                let found = await failOpen(SemanticCache.layer, "look up") {
                    try await semanticLayer.lookup(
                        vector: probe.vector, scope: probe.scope, threshold: threshold, maxAge: controls.maxAge)
                }
                if let found = found ?? nil {
                    let stored = CachedAnswer(response: found.response, entry: found.entry)
                    var answer = await hit(
                        SemanticCache.layer, .semantic, stored, key: key, namespace: namespace,
                        similarity: found.similarity)
                    answer.cache.matchedPrompt = found.matchedPrompt
                    return .hit(answer, stored: stored)
                }
                await count(SemanticCache.layer, [CounterName.misses: 1])
            }
        }
        let call = PendingCall(key: key, namespace: namespace, probe: probe, exactAllowed: exactBypass == nil)
        return lookUp ? .miss(call) : .refresh(call)
    }

    /// The leader of a single flight looks the exact cache up once more before calling: an identical call
    /// may have finished and stored its answer between this call's lookup and now.
    func storedBeforeCall(_ call: PendingCall, controls: CacheControls) async -> CachedAnswer? {
        guard call.exactAllowed else { return nil }
        return try? await exact.lookup(key: call.key, namespace: call.namespace, maxAge: controls.maxAge)
    }

    /// The answer of a call that joined an identical call in flight, counted under the single-flight layer.
    func coalesced(_ outcome: InFlightCalls.Outcome, _ call: PendingCall) async -> CachedResponse {
        let response = outcome.response
        await count(
            Self.singleFlightLayer,
            Self.hitCounters(
                inputTokens: response.usage.totalInputTokens, outputTokens: response.usage.outputTokens,
                saved: outcome.costMicros, similarity: nil))
        return CachedResponse(
            response: response,
            cache: CacheMetadata(
                layer: .exact, outcome: .hit, key: call.key, servedKey: call.key, namespace: call.namespace,
                coalesced: true, age: TimeSpan(milliseconds: 0), costMicros: 0, savedMicros: outcome.costMicros))
    }

    /// The metadata of a call that skipped the lookups (no-cache or force-refresh) and went upstream.
    static func refreshMetadata(_ call: PendingCall, costMicros: Int64?, promptCache: PromptCacheObservation?)
        -> CacheMetadata
    {
        CacheMetadata(
            layer: .none, outcome: .bypass, key: call.key, namespace: call.namespace,
            bypassReason: "the request asked not to be served from the cache", costMicros: costMicros,
            promptCache: promptCache)
    }

    // MARK: Steps

    /// The semantic layer, when this request may use it.
    private func semanticLayer(for request: LLMRequest, controls: CacheControls) -> SemanticCache? {
        guard let semantic, semantic.configuration.enabled else { return nil }
        let allowed =
            request.isDeterministic || semantic.configuration.cacheNonDeterministic || controls.allowNonDeterministic
        return allowed ? semantic : nil
    }

    /// The scope and embedding of the request's last user turn, or `nil` (counted) when it has none.
    private func probe(_ semantic: SemanticCache, request: LLMRequest, namespace: String) async -> SemanticProbe? {
        let scope: (scope: String, text: String)
        switch semantic.eligibility(of: request, namespace: namespace) {
        case .success(let eligible): scope = eligible
        case .failure(let reason):
            logger.debug("semantic layer bypassed", metadata: ["reason": "\(reason)"])
            await count(SemanticCache.layer, [CounterName.bypasses: 1])
            return nil
        }
        let vector = await failOpen(SemanticCache.layer, "embed") { try await semantic.embed(scope.text) }
        return vector.map { SemanticProbe(scope: scope.scope, text: scope.text, vector: $0) }
    }

    func hit(
        _ layerName: String, _ layer: CacheLayer, _ stored: CachedAnswer, key: CacheKey, namespace: String,
        similarity: Float? = nil
    ) async -> CachedResponse {
        let entry = stored.entry
        let saved = entry.costMicros ?? price(stored.response)
        await count(
            layerName,
            Self.hitCounters(
                inputTokens: entry.inputTokens, outputTokens: entry.outputTokens, saved: saved, similarity: similarity))
        logger.debug("cache hit", metadata: ["layer": "\(layerName)", "key": "\(key)", "namespace": "\(namespace)"])
        let now = store.clock.now()
        return CachedResponse(
            response: stored.response,
            cache: CacheMetadata(
                layer: layer, outcome: .hit, key: key, servedKey: CacheKey(hex: entry.key), namespace: namespace,
                similarity: similarity, age: TimeSpan(seconds: now.timeIntervalSince(entry.createdAt)), costMicros: 0,
                savedMicros: saved))
    }

    /// The counter name of calls answered by an identical call in flight (their lookups already counted as
    /// misses in the cache layers).
    static let singleFlightLayer = "single-flight"

    private static func hitCounters(inputTokens: Int, outputTokens: Int, saved: Int64?, similarity: Float?)
        -> [String: Int64]
    {
        [
            CounterName.hits: 1, CounterName.tokensSavedInput: Int64(inputTokens),
            CounterName.tokensSavedOutput: Int64(outputTokens), CounterName.moneySavedMicros: saved ?? 0,
            CounterName.similaritySumMicros: similarity.map { Int64(($0 * 1_000_000).rounded()) } ?? 0,
        ]
    }

    /// Stores an answer in the exact cache (and its vector in the semantic index) unless the caller said
    /// not to or the answer may not be stored.
    func storeAnswer(
        _ response: LLMResponse, recording: StreamRecording? = nil, request: LLMRequest, _ call: PendingCall,
        controls: CacheControls, cost: Int64?
    ) async {
        guard !controls.noStore && exact.isStorable(response) else { return }
        let probe = call.probe
        let vector = probe.map { StoredVector(scope: $0.scope, prompt: $0.text, vector: $0.vector) }
        let id = await failOpen(ExactCache.layer, "store") {
            let entry = try exact.entry(
                for: response, recording: recording, request: request, key: call.key, namespace: call.namespace,
                controls: controls, costMicros: cost, vector: vector)
            return try await store.insert(entry)
        }
        if let id, let probe, let semantic {
            semantic.indexInserted(id: id, scope: probe.scope, vector: probe.vector)
        }
    }

    /// Calls upstream and stores a storable answer (unless told not to); returns the answer and its cost.
    private func callAndStore(_ request: LLMRequest, _ call: PendingCall, controls: CacheControls) async throws
        -> InFlightCalls.Outcome
    {
        let answer = try await callUpstream(request, controls: controls)
        await storeAnswer(answer.response, request: request, call, controls: controls, cost: answer.costMicros)
        return answer
    }

    /// Sends `request` upstream (planned for the provider's prompt cache when configured), under the cost
    /// guard when there is one; returns the answer, its cost and what the prompt cache did.
    func callUpstream(_ request: LLMRequest, controls: CacheControls) async throws -> InFlightCalls.Outcome {
        let upstream = self.upstream
        return try await callUpstream(request, controls: controls) { try await upstream.send($0) }
    }

    /// Sends `request` upstream through `send`, planned and guarded as ``callUpstream(_:controls:)`` says.
    func callUpstream(
        _ request: LLMRequest, controls: CacheControls, send: (LLMRequest) async throws -> LLMResponse
    ) async throws -> InFlightCalls.Outcome {
        let routed = routedRequest(request, hints: controls.routing)
        let plan = promptCachePlan(for: routed)
        let sent = plan.map(Self.requestToSend) ?? routed
        let response: LLMResponse
        let cost: Int64?
        if let costGuard {
            let costed = try await costGuard.call(sent, tags: controls.costTags, send: send)
            (response, cost) = (costed.response, costed.totalCost.rawValue)
        } else {
            response = try await send(sent)
            cost = price(response)
        }
        let observation = plan?.observe(response.usage)
        if let observation, observation.missedExpectedCaching {
            logger.debug("the provider cached nothing of a planned prefix", metadata: ["observed": "\(observation)"])
        }
        return InFlightCalls.Outcome(response: response, costMicros: cost, promptCache: observation)
    }

    /// `request` with the model the router chose, or unchanged: without a router, with a pinned model, or
    /// when the router's choice belongs to another provider or fails (logged).
    func routedRequest(_ request: LLMRequest, hints: RoutingHints) -> LLMRequest {
        guard let router, !hints.pinModel else { return request }
        do {
            // The task is what the messages ask; a long fixed system prompt does not make it a larger task.
            let input = request.messages.flatMap(\.content).compactMap(\.textValue).joined()
            let decision = try router.route(
                RoutingTask(text: input, itemCount: hints.itemCount, deepReasoning: hints.deepReasoning))
            guard router.provider(of: decision.model) == request.provider else {
                logger.debug(
                    "routed model belongs to another provider; keeping the request's",
                    metadata: ["model": "\(decision.model)"])
                return request
            }
            var routed = request
            routed.model = decision.model
            return routed
        } catch {
            logger.warning("routing failed; keeping the request's model", metadata: ["error": "\(error)"])
            return request
        }
    }

    /// The prompt-cache plan for `request`, when planning is on; a planning failure (for example an unpriced
    /// model) is logged and the request goes unplanned.
    func promptCachePlan(for request: LLMRequest) -> PromptCachePlan? {
        let settings = configuration.promptCaching
        guard settings.enabled, let planner = promptCachePlanner else { return nil }
        do {
            return try planner.plan(
                request, expectedReuseInterval: settings.expectedReuseInterval, expectedReuses: settings.expectedReuses)
        } catch {
            logger.warning("prompt-cache planning failed; sending unplanned", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// The metadata key that carries an OpenAI-compatible `prompt_cache_key` to the transport.
    static let promptCacheKeyMetadata = "prompt_cache_key"

    /// The planned request, with the plan's `prompt_cache_key` in its metadata unless the caller set one.
    static func requestToSend(_ plan: PromptCachePlan) -> LLMRequest {
        var request = plan.request
        if let key = plan.promptCacheKey, request.metadata[promptCacheKeyMetadata] == nil {
            request.metadata[promptCacheKeyMetadata] = key
        }
        return request
    }

    func price(_ response: LLMResponse) -> Int64? {
        pricer?.costMicros(model: response.model, usage: response.usage)
    }

    func count(_ layer: String, _ deltas: [String: Int64]) async {
        do {
            try await store.increment(layer: layer, deltas)
        } catch {
            logger.debug("could not count", metadata: ["error": "\(error)"])
        }
    }

    /// Runs a cache operation; a failure is logged, counted and swallowed so the call goes on uncached.
    func failOpen<T: Sendable>(_ layer: String, _ what: String, _ body: () async throws -> T) async -> T? {
        do {
            return try await body()
        } catch {
            logger.warning(
                "cache layer unavailable, continuing uncached",
                metadata: ["layer": "\(layer)", "operation": "\(what)", "error": "\(error)"])
            await count(layer, [CounterName.failures: 1])
            return nil
        }
    }
}
