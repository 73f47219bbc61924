import Foundation
import LLMCache
import LLMCacheServer
import Testing

/// The PostgreSQL server of `scripts/pg-cluster.sh start`, when one runs (`./scripts/test.sh` starts it; CI
/// requires it, see `ServerConfigurationTests` in the PostgreSQL store's tests).
private let postgresURL = ProcessInfo.processInfo.environment["LLMCACHE_TEST_POSTGRES_URL"].flatMap {
    $0.isEmpty ? nil : $0
}

@Suite("Proxy: cache store down or shared")
struct ProxySharedStoreTests {
    @Test("configured to fail, a proxy whose store cannot be read answers 503 and sends nothing upstream")
    func failWhenStoreUnavailable() async throws {
        let setup = ProxySetup { $0.whenStoreUnavailable = .fail }
        try await withProxy(setup) { (proxy: ProxyHarness) async throws in
            #expect(try await proxy.anthropic("What is 2 + 2?").cache == "miss")
            try await proxy.server.client.store.close()
            let refused = try await proxy.anthropic("What is 2 + 2?")
            #expect(refused.status == 503)
            #expect(refused.json["type"] == "error", "in the Anthropic error format")
            #expect(refused.json["error"]?["message"]?.stringValue?.contains("could not be read") == true)
            #expect(refused.headers["retry-after"] != nil)
            let openAI = try await proxy.openAI("What is 3 + 3?")
            #expect(openAI.status == 503)
            #expect(openAI.json["error"]?["message"]?.stringValue?.contains("pass_through") == true)
            #expect(proxy.anthropicCalls == 1)
            #expect(proxy.openAICalls == 0)
        }
    }

    @Test("by default, a proxy whose store cannot be read still answers, uncached")
    func passThroughWhenStoreUnavailable() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            #expect(try await proxy.anthropic("What is 2 + 2?").cache == "miss")
            try await proxy.server.client.store.close()
            let answer = try await proxy.anthropic("What is 2 + 2?")
            #expect(answer.status == 200)
            #expect(answer.cache == "miss")
            #expect(proxy.anthropicCalls == 2)
        }
    }

    @Test(
        "two proxies over one PostgreSQL database share answers: a miss through one is a hit through the other",
        .enabled(if: postgresURL != nil, "LLMCACHE_TEST_POSTGRES_URL is not set (./scripts/test.sh starts a server)"))
    func sharedDatabase() async throws {
        let url = try #require(postgresURL)
        // A key of its own gives this test a namespace of its own in the shared database.
        let key = "sk-ant-test-\(UUID().uuidString)"
        let setup = ProxySetup { $0.databasePath = url }
        try await withProxy(setup) { (first: ProxyHarness) async throws in
            try await withProxy(setup) { (second: ProxyHarness) async throws in
                #expect(first.server.client.store.location.hasPrefix("postgres://"))
                let miss = try await first.anthropic("Which planet is largest?", key: key)
                #expect(miss.cache == "miss")
                let hit = try await second.anthropic("Which planet is largest?", key: key)
                #expect(hit.status == 200)
                #expect(hit.cache == "hit-exact")
                #expect(hit.json["content"] == miss.json["content"])
                #expect(second.anthropicCalls == 0, "the second proxy answered from the shared store")
                let health = try await second.send("/healthz", method: .GET)
                #expect(health.json["store"] == "available")
            }
        }
    }
}
