import Foundation
import LLMCacheServer
import LLMCore
import NIOHTTP1
import Testing

@Suite("Proxy: labelling hits with POST /v1/cache/feedback")
struct ProxyFeedbackTests {
    func feedback(_ proxy: ProxyHarness, key: String?, verdict: String, apiKey: String = "sk-ant-test-key-one")
        async throws -> ProxyHarness.Reply
    {
        var body: [String: JSONValue] = ["verdict": .string(verdict)]
        if let key { body["key"] = .string(key) }
        return try await proxy.send(
            "/v1/cache/feedback", body: try CanonicalJSON.string(.object(body)), headers: [("x-api-key", apiKey)])
    }

    @Test("a hit carries x-cache-key; 'wrong' removes its entry, so the next identical call goes upstream")
    func wrongRemoves() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            _ = try await proxy.anthropic("What is the capital of Peru?")
            let hit = try await proxy.anthropic("What is the capital of Peru?")
            #expect(hit.cache == "hit-exact")
            let key = try #require(hit.headers["x-cache-key"])
            #expect(key.count == 64)
            let reply = try await feedback(proxy, key: key, verdict: "wrong")
            #expect(reply.status == 200, "\(reply.body)")
            #expect(reply.json["entry_removed"] == true)
            #expect(reply.json["layer"] == "exact")
            let after = try await proxy.anthropic("What is the capital of Peru?")
            #expect(after.cache == "miss")
            #expect(proxy.anthropicCalls == 2)
        }
    }

    @Test("another caller cannot label a hit it was not served; unknown keys and bad bodies say what to send")
    func tenantScoped() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            _ = try await proxy.anthropic("What is the capital of Chile?")
            let hit = try await proxy.anthropic("What is the capital of Chile?")
            let key = try #require(hit.headers["x-cache-key"])
            let stranger = try await feedback(proxy, key: key, verdict: "wrong", apiKey: "sk-ant-someone-else")
            #expect(stranger.status == 404)
            #expect(stranger.json["error"]?["message"]?.stringValue?.contains("namespace") == true)
            #expect(try await proxy.anthropic("What is the capital of Chile?").cache == "hit-exact", "still stored")
            let unknown = try await feedback(proxy, key: String(repeating: "a", count: 64), verdict: "wrong")
            #expect(unknown.status == 404)
            let badVerdict = try await feedback(proxy, key: key, verdict: "maybe")
            #expect(badVerdict.status == 400)
            #expect(badVerdict.json["error"]?["message"]?.stringValue?.contains("verdict") == true)
            let noKey = try await feedback(proxy, key: nil, verdict: "wrong")
            #expect(noKey.status == 400)
            #expect(noKey.json["error"]?["message"]?.stringValue?.contains("x-cache-key") == true)
        }
    }

    @Test("'correct' on a semantic hit is learnt by the semantic layer")
    func correctTeaches() async throws {
        try await withProxy(
            ProxySetup { configuration in
                configuration.semantic = .lexical
                configuration.semanticThreshold = 0.5
            }
        ) { (proxy: ProxyHarness) async throws in
            _ = try await proxy.anthropic("How do I reset my password?")
            let similar = try await proxy.anthropic("how can I reset my password")
            #expect(similar.cache == "hit-semantic")
            let key = try #require(similar.headers["x-cache-key"])
            let reply = try await feedback(proxy, key: key, verdict: "correct")
            #expect(reply.status == 200, "\(reply.body)")
            #expect(reply.json["learnt"] == true)
            #expect(reply.json["entry_removed"] == false)
            #expect(proxy.server.client.semantic?.decider.labelCount == 1)
        }
    }
}
