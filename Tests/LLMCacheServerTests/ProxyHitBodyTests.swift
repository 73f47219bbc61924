import CacheStorage
import Foundation
import LLMCacheServer
import LLMCore
import Testing

@Suite("Proxy: hits written from their stored answer")
struct ProxyHitBodyTests {
    @Test("repeated Anthropic hits are written byte for byte as the first hit, and a replaced entry afresh")
    func anthropicHitBodies() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let question = "What is the capital of Spain?"
            let miss = try await proxy.anthropic(question)
            #expect(miss.cache == "miss")
            let first = try await proxy.anthropic(question)
            #expect(first.cache == "hit-exact")
            #expect(first.json["content"] == miss.json["content"])
            #expect(first.json["usage"] == miss.json["usage"])
            #expect(first.json["id"] == miss.json["id"])
            for _ in 0..<3 {
                let again = try await proxy.anthropic(question)
                #expect(again.cache == "hit-exact")
                #expect(again.body == first.body)
                #expect(again.headers["content-type"] == "application/json")
                #expect(again.headers["x-cache-saved-usd"] == first.headers["x-cache-saved-usd"])
            }
            // Another writer replaces the entry under the same key: the next hit is the new answer.
            let store = proxy.server.client.store
            let entry = try #require(try await store.list(namespace: nil, model: nil, limit: 1).first)
            let replacement = LLMResponse(
                id: "msg_replaced", model: entry.model, content: [.text("Madrid, as corrected.")],
                stopReason: .endTurn, usage: Usage(inputTokens: 9, outputTokens: 4))
            try await store.insert(
                NewCacheEntry(
                    namespace: entry.namespace, key: entry.key, provider: entry.provider, model: entry.model,
                    ttl: nil, inputTokens: 9, outputTokens: 4, response: try JSONEncoder().encode(replacement)))
            let replaced = try await proxy.anthropic(question)
            #expect(replaced.cache == "hit-exact")
            #expect(replaced.json["id"] == "msg_replaced")
            #expect(replaced.json["content"]?.arrayValue?.first?["text"] == "Madrid, as corrected.")
            #expect(replaced.json["usage"]?["input_tokens"] == 9)
            #expect(try await proxy.anthropic(question).body == replaced.body)
            #expect(proxy.anthropicCalls == 1)
        }
    }

    @Test("OpenAI hits are written afresh each time, with the time of the answer")
    func openAIHitsAreWrittenAfresh() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let miss = try await proxy.openAI("Name a colour.")
            let hit = try await proxy.openAI("Name a colour.")
            #expect(hit.cache == "hit-exact")
            #expect(hit.json["choices"] == miss.json["choices"])
            #expect(hit.json["created"]?.intValue != nil)
            #expect(proxy.openAICalls == 1)
        }
    }
}
