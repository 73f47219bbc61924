import CacheStorage
import Foundation
import LLMCore

/// The exact-hit benchmarks' workload: distinct catalogue questions, each stored with a short answer, so
/// that every benchmarked call is an exact hit on a store of a known size.
public enum ExactHitWorkload {
    /// `count` distinct deterministic requests.
    public static func requests(count: Int) -> [LLMRequest] {
        (0..<count).map { number in
            LLMRequest(
                provider: .anthropic, model: "claude-haiku-4-5",
                messages: [.user("Question \(number): what does item \(number) cost?")],
                maxTokens: 256, temperature: 0)
        }
    }

    /// Stores an answer for each of `requests` under `namespace`, in transactions of 1,000 entries.
    public static func store(_ requests: [LLMRequest], in store: any CacheStorage, namespace: String) async throws {
        let encoder = JSONEncoder()
        var batch: [NewCacheEntry] = []
        for request in requests {
            let response = LLMResponse(
                id: "msg", model: request.model, content: [.text("It costs $12.00 today.")], stopReason: .endTurn,
                usage: Usage(inputTokens: 40, outputTokens: 12))
            batch.append(
                NewCacheEntry(
                    namespace: namespace, key: try CacheKey(request).hex, provider: "anthropic", model: request.model,
                    ttl: nil, inputTokens: 40, outputTokens: 12, response: try encoder.encode(response)))
            if batch.count == 1000 {
                try await store.insert(contentsOf: batch)
                batch.removeAll()
            }
        }
        if !batch.isEmpty { try await store.insert(contentsOf: batch) }
    }
}
