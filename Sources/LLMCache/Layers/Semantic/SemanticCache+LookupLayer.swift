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
        let found = try await bookkeeping.lookUpStep(layer, "look up") {
            try await find(
                vector: vector, prompt: scope.text, scope: scope.scope, threshold: call.controls.similarityThreshold,
                maxAge: call.controls.maxAge)
        }
        guard let found = found ?? nil else { return .missed(contribution) }
        var counts: [String: Int64] = [:]
        for refusal in found.refusals { counts[CounterName.refusedPrefix + refusal.kind.rawValue, default: 0] += 1 }
        if found.refusedByLabel > 0 { counts[CounterName.refusedByLabel] = Int64(found.refusedByLabel) }
        if let served = found.served {
            if !counts.isEmpty { await bookkeeping.count(layer, counts) }
            return .hit(
                LayerHit(
                    answer: CachedAnswer(response: served.response, entry: served.entry), similarity: served.similarity,
                    matchedPrompt: served.matchedPrompt, scope: found.scope))
        }
        var verifying = contribution
        if found.decision.judges, let candidate = found.candidate {
            counts[found.decision.verdict == .explore ? CounterName.explored : CounterName.verified, default: 0] += 1
            let (question, provider) = (scope.text, call.request.provider)
            verifying.answered = { [self] fresh, client in
                await verify(
                    candidate, scope: found.scope, question: question, provider: provider, fresh: fresh, client: client)
            }
        }
        if !counts.isEmpty { await bookkeeping.count(layer, counts) }
        return .missed(verifying)
    }

    /// Judges `candidate`'s stored answer against the fresh one and learns the outcome (counted as judged
    /// wrong when it was). A judge that cannot decide teaches nothing.
    func verify(
        _ candidate: SemanticAnswer, scope: String, question: String, provider: ProviderID?, fresh: LLMResponse,
        client: CachedClient
    ) async {
        let judged = await AnswerJudging(judge: configuration.judge, semantic: self).judge(
            question: question, stored: candidate.response.text, fresh: fresh.text, provider: provider,
            client: client)
        guard let correct = judged else { return }
        let observation = HitObservation(
            entryID: candidate.entry.id, scope: scope, similarity: candidate.similarity, correct: correct,
            source: .verified, observedAt: store.clock.now())
        do {
            try await learn(observation)
        } catch {
            client.logger.debug("could not keep a verification", metadata: ["error": "\(error)"])
        }
        if !correct { await client.bookkeeping.count(.semantic, [CounterName.judgedWrong: 1]) }
    }
}
