import CacheStorage
import LLMCore
import SemanticCache

extension SemanticCache: LookupLayer {
    var layer: CacheLayer { .semantic }

    /// Takes part when enabled, in a deterministic call or one the cache mode lets it serve.
    func participation(in request: LLMRequest, controls: CacheControls) -> LayerParticipation {
        guard configuration.enabled else { return .absent }
        let allowed =
            request.isDeterministic || controls.servesNonDeterministic(configured: configuration.cacheNonDeterministic)
        return allowed ? .takesPart : .absent
    }

    /// Embeds the request's last user turn in its context's scope (a request without one is counted as a
    /// bypass), then, when serving, looks for the best stored answer at or above the threshold. The vector
    /// is stored with the answer and indexed once the entry is committed.
    func lookUp(_ call: LayerCall, serve: Bool, bookkeeping: LayerBookkeeping) async throws -> LayerLookup {
        let scope: (scope: String, text: String)
        switch eligibility(of: call.request, namespace: call.namespace) {
        case .success(let eligible): scope = eligible
        case .failure(let reason):
            bookkeeping.logger.debug("semantic layer bypassed", metadata: ["reason": "\(reason)"])
            await bookkeeping.count(layer, [CounterName.bypasses: 1])
            return .skipped(nil)
        }
        guard let vector = await bookkeeping.failOpen(layer, "embed", { try await embed(scope.text) }) else {
            return .skipped(nil)
        }
        let contribution = LayerContribution(
            vector: StoredVector(scope: scope.scope, prompt: scope.text, vector: vector),
            stored: { [self] id in indexInserted(id: id, scope: scope.scope, vector: vector) })
        guard serve else { return .skipped(contribution) }
        let threshold = call.controls.similarityThreshold ?? configuration.threshold
        let found = try await bookkeeping.lookUpStep(layer, "look up") {
            try await lookup(vector: vector, scope: scope.scope, threshold: threshold, maxAge: call.controls.maxAge)
        }
        guard let found = found ?? nil else { return .missed(contribution) }
        return .hit(
            LayerHit(
                answer: CachedAnswer(response: found.response, entry: found.entry), similarity: found.similarity,
                matchedPrompt: found.matchedPrompt))
    }
}
