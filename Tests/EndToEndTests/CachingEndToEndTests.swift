import CacheStorage
import Embeddings
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import Testing

@Suite("CachedClient end to end: the caches over real HTTP")
struct CachingEndToEndTests {
    @Test("an exact hit makes no upstream request")
    func exactHit() async throws {
        try await withEndToEnd { e2e in
            let first = try await e2e.client.send(ask("What is the capital of France?"))
            #expect(first.cache.outcome == .miss)
            #expect(e2e.upstreamRequests == 1)
            let second = try await e2e.client.send(ask("What is the capital of France?"))
            #expect(second.cache.layer == .exact)
            #expect(second.cache.outcome == .hit)
            #expect(second.cache.cost == .zero)
            #expect(second.cache.saved == first.cache.cost)
            #expect(second.response.text == first.response.text)
            #expect(e2e.upstreamRequests == 1)
        }
    }

    @Test("a paraphrase under the same context is a semantic hit; under another system prompt it is not")
    func paraphraseLexical() async throws {
        var options = EndToEnd.Options()
        options.embedder = LexicalEmbedder(dimension: 384)
        options.threshold = 0.8
        try await Self.paraphrase(options)
    }

    @Test(
        "the same with MiniLM (when the model is present)",
        .enabled(
            if: ModelDirectory.resolve().isComplete || ProcessInfo.processInfo.environment["CI"] != nil,
            "the MiniLM model is not present: run scripts/fetch-model.sh (required when CI is set)"))
    func paraphraseMiniLM() async throws {
        var options = EndToEnd.Options()
        options.embedder = try MiniLMEmbedder()
        options.threshold = 0.85
        try await Self.paraphrase(options)
    }

    static func paraphrase(_ options: EndToEnd.Options) async throws {
        try await withEndToEnd(options) { e2e in
            let first = try await e2e.client.send(ask("How do I reset my password?"))
            #expect(first.cache.outcome == .miss)
            let second = try await e2e.client.send(ask("how can I reset my password"))
            #expect(second.cache.layer == .semantic)
            #expect(second.cache.outcome == .hit)
            #expect(second.cache.matchedPrompt == "How do I reset my password?")
            #expect((second.cache.similarity ?? 0) >= options.threshold)
            #expect(second.response.text == first.response.text)
            #expect(e2e.upstreamRequests == 1)
            let otherContext = try await e2e.client.send(
                ask("how can I reset my password", system: "Answer in French."))
            #expect(otherContext.cache.outcome == .miss)
            #expect(otherContext.cache.layer == .none)
            #expect(e2e.upstreamRequests == 2)
        }
    }

    @Test("temperature above zero bypasses the exact cache")
    func nonDeterministicBypasses() async throws {
        try await withEndToEnd { e2e in
            let request = ask("Write a haiku about caches.", temperature: 0.7)
            let first = try await e2e.client.send(request)
            let second = try await e2e.client.send(request)
            #expect(first.cache.outcome == .bypass)
            #expect(second.cache.outcome == .bypass)
            #expect(second.cache.layer == .none)
            #expect(e2e.upstreamRequests == 2)
            #expect(try await e2e.storedEntries() == 0)
        }
    }

    @Test("50 concurrent identical requests make one upstream call")
    func singleFlight() async throws {
        try await withEndToEnd { e2e in
            let client = e2e.client
            let answers = try await withThrowingTaskGroup(of: CachedResponse.self) { group in
                for _ in 0..<50 {
                    group.addTask { try await client.send(ask("Explain single-flight in one line.")) }
                }
                var all: [CachedResponse] = []
                for try await answer in group { all.append(answer) }
                return all
            }
            #expect(answers.count == 50)
            #expect(e2e.upstreamRequests == 1)
            #expect(answers.filter { $0.cache.outcome == .miss }.count == 1)
            #expect(answers.filter { $0.cache.outcome == .hit }.count == 49)
            #expect(Set(answers.map(\.response.text)).count == 1)
            #expect(try await e2e.storedEntries() == 1)
        }
    }
}
