import LLMCore

extension ExactCache: LookupLayer {
    var layer: CacheLayer { .exact }

    func participation(in request: LLMRequest, controls: CacheControls) -> LayerParticipation {
        bypassReason(for: request, controls: controls).map { .passes(reason: $0) } ?? .takesPart
    }

    func lookUp(_ call: LayerCall, serve: Bool, bookkeeping: LayerBookkeeping) async throws -> LayerLookup {
        guard serve else { return .skipped(nil) }
        let found = try await bookkeeping.lookUpStep(layer, "look up") {
            try await lookup(
                key: call.key, namespace: call.namespace, maxAge: call.controls.maxAge, counters: call.hitCounters)
        }
        guard let (answer, counted) = found ?? nil else { return .missed(nil) }
        return .hit(LayerHit(answer: answer, counted: counted))
    }
}
