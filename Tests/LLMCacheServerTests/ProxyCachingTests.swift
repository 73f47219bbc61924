import Foundation
import LLMCacheServer
import LLMCore
import Testing

@Suite("Proxy: caching over HTTP")
struct ProxyCachingTests {
    @Test("a repeated Anthropic call is an exact hit and makes no upstream request")
    func anthropicExactHit() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let first = try await proxy.anthropic("What is the capital of France?")
            #expect(first.status == 200)
            #expect(first.cache == "miss")
            #expect(first.json["type"] == "message")
            #expect(first.headers["x-cache-cost-usd"] != nil)
            let second = try await proxy.anthropic("What is the capital of France?")
            #expect(second.status == 200)
            #expect(second.cache == "hit-exact")
            #expect(second.json["content"] == first.json["content"])
            #expect(second.headers["x-cache-cost-usd"] == "0.000000")
            #expect(second.headers["x-cache-saved-usd"] == first.headers["x-cache-cost-usd"])
            #expect(proxy.anthropicCalls == 1)
        }
    }

    @Test("a repeated OpenAI call is an exact hit in the OpenAI format")
    func openAIExactHit() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let first = try await proxy.openAI("Name a prime number.")
            #expect(first.status == 200)
            #expect(first.cache == "miss")
            #expect(first.json["object"] == "chat.completion")
            let text = first.json["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue
            #expect(text?.isEmpty == false)
            let second = try await proxy.openAI("Name a prime number.")
            #expect(second.cache == "hit-exact")
            #expect(second.json["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue == text)
            #expect(second.json["usage"]?["prompt_tokens"] == first.json["usage"]?["prompt_tokens"])
            #expect(proxy.openAICalls == 1)
        }
    }

    @Test("two API keys never share entries, and no key is stored in the database")
    func keysDoNotShare() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let keyA = "sk-ant-tenant-a-0123456789abcdef"
            let keyB = "sk-ant-tenant-b-0123456789abcdef"
            #expect(try await proxy.anthropic("Same question", key: keyA).cache == "miss")
            #expect(try await proxy.anthropic("Same question", key: keyB).cache == "miss")
            #expect(try await proxy.anthropic("Same question", key: keyA).cache == "hit-exact")
            #expect(proxy.anthropicCalls == 2)
            let entries = try await proxy.server.client.store.list(namespace: nil, model: nil, limit: 50)
            #expect(Set(entries.map(\.namespace)).count == 2)
            try await proxy.server.client.store.flush()
            for file in try FileManager.default.contentsOfDirectory(atPath: proxy.directory.path) {
                let bytes = try Data(contentsOf: proxy.directory.appendingPathComponent(file))
                #expect(bytes.range(of: Data(keyA.utf8)) == nil, "key A found in \(file)")
                #expect(bytes.range(of: Data(keyB.utf8)) == nil, "key B found in \(file)")
            }
        }
    }

    @Test("a configured shared namespace serves one key's entry to another")
    func sharedNamespace() async throws {
        try await withProxy(ProxySetup { configuration in configuration.sharedNamespace = "team" }) {
            (proxy: ProxyHarness) async throws in
            #expect(try await proxy.anthropic("Shared question", key: "sk-key-one").cache == "miss")
            #expect(try await proxy.anthropic("Shared question", key: "sk-key-two").cache == "hit-exact")
            #expect(proxy.anthropicCalls == 1)
        }
    }

    @Test("x-cache-namespace nests inside the caller's namespace")
    func requestedNamespace() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let header = [("x-cache-namespace", "feature-x")]
            #expect(try await proxy.anthropic("Nested", key: "sk-one", headers: header).cache == "miss")
            #expect(try await proxy.anthropic("Nested", key: "sk-one", headers: header).cache == "hit-exact")
            #expect(try await proxy.anthropic("Nested", key: "sk-two", headers: header).cache == "miss")
            #expect(try await proxy.anthropic("Nested", key: "sk-one").cache == "miss")
            #expect(proxy.anthropicCalls == 3)
        }
    }

    @Test("Cache-Control no-cache answers fresh and stores; no-store does not store")
    func cacheControl() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            #expect(try await proxy.anthropic("Fresh please").cache == "miss")
            let fresh = try await proxy.anthropic("Fresh please", headers: [("cache-control", "no-cache")])
            #expect(fresh.status == 200)
            #expect(fresh.cache == "bypass")
            #expect(proxy.anthropicCalls == 2)
            #expect(try await proxy.anthropic("Fresh please").cache == "hit-exact")

            let unstored = try await proxy.openAI("Do not keep this", headers: [("cache-control", "no-store")])
            #expect(unstored.cache == "miss")
            #expect(try await proxy.openAI("Do not keep this").cache == "miss")
            #expect(proxy.openAICalls == 2)
        }
    }

    @Test("x-cache-ttl sets the entry's lifetime; a malformed value is a 400")
    func ttlHeader() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            #expect(try await proxy.anthropic("Short lived", headers: [("x-cache-ttl", "90s")]).cache == "miss")
            let entries = try await proxy.server.client.store.list(namespace: nil, model: nil, limit: 50)
            let entry = try #require(entries.first)
            let expires = try #require(entry.expiresAt)
            #expect(abs(expires.timeIntervalSince(entry.createdAt) - 90) < 0.01)

            let bad = try await proxy.anthropic("Short lived", headers: [("x-cache-ttl", "soon")])
            #expect(bad.status == 400)
            #expect(bad.json["error"]?["message"]?.stringValue?.contains("x-cache-ttl") == true)
        }
    }

    @Test("x-cache-threshold outside [-1, 1] is a 400 that says so")
    func thresholdHeader() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let bad = try await proxy.openAI("Threshold", headers: [("x-cache-threshold", "1.5")])
            #expect(bad.status == 400)
            #expect(bad.json["error"]?["message"]?.stringValue?.contains("x-cache-threshold") == true)
            #expect(proxy.openAICalls == 0)
        }
    }

    @Test("a paraphrase is a semantic hit with its similarity in a header (lexical embedder)")
    func semanticHit() async throws {
        try await withProxy(
            ProxySetup { configuration in
                configuration.semantic = .lexical
                configuration.semanticThreshold = 0.5
            }
        ) { (proxy: ProxyHarness) async throws in
            #expect(try await proxy.anthropic("What is the capital city of France?").cache == "miss")
            let similar = try await proxy.anthropic("What is the capital city of France")
            #expect(similar.cache == "hit-semantic")
            let similarity = try #require(similar.headers["x-cache-similarity"].flatMap(Double.init))
            #expect(similarity >= 0.5 && similarity <= 1.0001)
            #expect(proxy.anthropicCalls == 1)
        }
    }
}
