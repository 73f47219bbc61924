import CacheStorage
import LLMCore
import PromptCaching
import SemanticCache

extension CachedClient {
    /// Looks `request` up in the caches; returns the hit, or how the call must go upstream.
    func lookUp(_ request: LLMRequest, controls: CacheControls) async throws -> LookupOutcome {
        try CacheControlsError.validate(controls)
        let namespace = controls.namespace ?? configuration.defaultNamespace
        let exactBypass = exact.bypassReason(for: request, controls: controls)
        let semanticLayer = semanticLayer(for: request, controls: controls)
        guard exactBypass == nil || semanticLayer != nil else {
            await count(ExactCache.layer, [CounterName.bypasses: 1])
            return .bypass(reason: exactBypass, namespace: namespace)
        }
        let key = try CacheKey(request)
        let mayServe = !controls.noCache && !controls.forceRefresh

        if controls.forceRefresh {
            _ = try await lookUpStep(ExactCache.layer, "drop the entry to refresh") {
                try await exact.remove(key: key, namespace: namespace)
            }
        }
        if exactBypass == nil && mayServe {
            let found = try await lookUpStep(ExactCache.layer, "look up") {
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
            if let probe, mayServe {
                let threshold = controls.similarityThreshold ?? semanticLayer.configuration.threshold
                let found = try await lookUpStep(SemanticCache.layer, "look up") {
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
        return mayServe ? .miss(call) : .refresh(call)
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

    /// The semantic layer, when this request may use it.
    private func semanticLayer(for request: LLMRequest, controls: CacheControls) -> SemanticCache? {
        guard let semantic, semantic.configuration.enabled else { return nil }
        let allowed =
            request.isDeterministic
            || controls.servesNonDeterministic(configured: semantic.configuration.cacheNonDeterministic)
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
}
