import CacheStorage
import CostControl
import LLMCore
import PromptCaching

extension CachedClient {
    /// Looks `request` up in the layers, in order; returns the first hit, or how the call must go upstream.
    func lookUp(_ request: LLMRequest, controls: CacheControls) async throws -> LookupOutcome {
        try CacheControlsError.validate(controls)
        let namespace = controls.namespace ?? configuration.defaultNamespace
        var taking: [any LookupLayer] = []
        var passed: [(layer: CacheLayer, reason: String)] = []
        for layer in layers {
            switch layer.participation(in: request, controls: controls) {
            case .takesPart: taking.append(layer)
            case .passes(let reason): passed.append((layer.layer, reason))
            case .absent: break
            }
        }
        guard !taking.isEmpty else {
            for layer in passed { await bookkeeping.count(layer.layer, [CounterName.bypasses: 1]) }
            return .bypass(reason: passed.first?.reason, namespace: namespace)
        }
        let key = try CacheKey(request)
        let mayServe = !controls.noCache && !controls.forceRefresh

        if controls.forceRefresh {
            _ = try await bookkeeping.lookUpStep(.exact, "drop the entry to refresh") {
                try await exact.remove(key: key, namespace: namespace)
            }
        }
        let exactTakesPart = taking.contains { $0.layer == .exact }
        var call = LayerCall(request: request, key: key, namespace: namespace, controls: controls)
        let pricesHits = pricer != nil
        call.hitCounters = { entry in
            // An entry stored without its cost is priced from its decoded answer, so it is counted afterwards.
            guard entry.cost != nil || !pricesHits else { return nil }
            return Self.hitCounters(
                inputTokens: entry.inputTokens, outputTokens: entry.outputTokens, saved: entry.cost, similarity: nil)
        }
        var contributions: [LayerContribution] = []
        for layer in taking {
            switch try await layer.lookUp(call, serve: mayServe, bookkeeping: bookkeeping) {
            case .hit(let found) where layer.layer != .exact && found.answer.entry.key == key.hex && exactTakesPart:
                // This very request's answer, stored by an identical call that finished after this call's
                // exact lookup: answered by an identical call (counted as single-flight), not by similarity.
                let answer = await hit(.exact, found.answer, key: key, namespace: namespace, coalesced: true)
                return .hit(answer, stored: found.answer)
            case .hit(let found):
                var answer = await hit(
                    layer.layer, found.answer, key: key, namespace: namespace, similarity: found.similarity,
                    counted: found.counted)
                answer.cache.matchedPrompt = found.matchedPrompt
                answer.cache.scope = found.scope
                return .hit(answer, stored: found.answer)
            case .missed(let contribution):
                await bookkeeping.count(layer.layer, [CounterName.misses: 1])
                if let contribution { contributions.append(contribution) }
            case .skipped(let contribution):
                if let contribution { contributions.append(contribution) }
            }
        }
        let pending = PendingCall(
            key: key, namespace: namespace, contributions: contributions, exactAllowed: exactTakesPart)
        return mayServe ? .miss(pending) : .refresh(pending)
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
        await bookkeeping.count(
            .singleFlight,
            Self.hitCounters(
                inputTokens: response.usage.totalInputTokens, outputTokens: response.usage.outputTokens,
                saved: outcome.cost, similarity: nil))
        return CachedResponse(
            response: response,
            cache: CacheMetadata(
                layer: .exact, outcome: .hit, key: call.key, servedKey: call.key, namespace: call.namespace,
                coalesced: true, age: .milliseconds(0), cost: .zero, saved: outcome.cost))
    }

    /// The metadata of a call that skipped the lookups (no-cache or force-refresh) and went upstream.
    static func refreshMetadata(
        _ call: PendingCall, cost: MicroDollars?, promptCache: PromptCacheObservation?, routing: RoutingDecision?
    ) -> CacheMetadata {
        CacheMetadata(
            layer: .none, outcome: .bypass, key: call.key, namespace: call.namespace,
            bypassReason: "the request asked not to be served from the cache", cost: cost,
            promptCache: promptCache, routing: routing)
    }
}
