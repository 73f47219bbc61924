import Foundation
import LLMCacheServer
import LLMCacheTesting
import LLMCore
import Testing

@Suite("Proxy: the provider headers that shape a call go upstream and into the key")
struct ProxyHeaderFidelityTests {
    @Test("anthropic-beta reaches the provider, and a beta call never answers a plain one (or the reverse)")
    func anthropicBeta() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let beta = [("anthropic-beta", "files-api-2025-04-14"), ("anthropic-workspace-id", "wrkspc_test")]
            let first = try await proxy.anthropic("Name a prime.", headers: beta)
            #expect(first.status == 200)
            #expect(first.cache == "miss")
            let upstream = proxy.simulator.lastRequestHeaders(on: ProviderSimulator.Route.messages) ?? [:]
            #expect(upstream["anthropic-beta"] == "files-api-2025-04-14")
            #expect(upstream["anthropic-workspace-id"] == "wrkspc_test")
            #expect(upstream["anthropic-version"] == "2023-06-01")

            let plain = try await proxy.anthropic("Name a prime.")
            #expect(plain.cache == "miss")
            #expect(proxy.simulator.lastRequestHeaders(on: ProviderSimulator.Route.messages)?["anthropic-beta"] == nil)
            #expect(try await proxy.anthropic("Name a prime.", headers: beta).cache == "hit-exact")
            #expect(try await proxy.anthropic("Name a prime.").cache == "hit-exact")
            #expect(proxy.anthropicCalls == 2)
        }
    }

    @Test("the caller's anthropic-version is sent as given, not pinned")
    func anthropicVersion() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let reply = try await proxy.send(
                "/v1/messages",
                body:
                    #"{"model":"claude-haiku-4-5","max_tokens":16,"temperature":0,"messages":[{"role":"user","content":"hi"}]}"#,
                headers: [("x-api-key", "sk-one"), ("anthropic-version", "2024-10-22")])
            #expect(reply.status == 200)
            let upstream = proxy.simulator.lastRequestHeaders(on: ProviderSimulator.Route.messages) ?? [:]
            #expect(upstream["anthropic-version"] == "2024-10-22")
        }
    }

    @Test("OpenAI-Organization and OpenAI-Project reach the provider")
    func openAIBilling() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let reply = try await proxy.openAI(
                "Name a colour.", headers: [("OpenAI-Organization", "org-test"), ("OpenAI-Project", "proj_test")])
            #expect(reply.status == 200)
            let upstream = proxy.simulator.lastRequestHeaders(on: ProviderSimulator.Route.chatCompletions) ?? [:]
            #expect(upstream["openai-organization"] == "org-test")
            #expect(upstream["openai-project"] == "proj_test")
            #expect(upstream["authorization"] == nil)
        }
    }
}
