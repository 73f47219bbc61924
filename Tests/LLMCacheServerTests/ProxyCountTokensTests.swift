import Foundation
import LLMCacheServer
import LLMCacheTesting
import LLMCore
import Testing

@Suite("Proxy: Anthropic count_tokens, exact-cached")
struct ProxyCountTokensTests {
    static let body = #"{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"How many tokens is this?"}]}"#
    static let key = [("x-api-key", "sk-one"), ("anthropic-version", "2023-06-01")]

    @Test("a repeated count is answered from the cache; another prompt, beta or caller is counted upstream")
    func cached() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let first = try await proxy.send("/v1/messages/count_tokens", body: Self.body, headers: Self.key)
            #expect(first.status == 200)
            #expect(first.cache == "miss")
            let tokens = first.json["input_tokens"]?.intValue ?? 0
            #expect(tokens > 0)
            let second = try await proxy.send("/v1/messages/count_tokens", body: Self.body, headers: Self.key)
            #expect(second.cache == "hit-exact")
            #expect(second.json["input_tokens"]?.intValue == tokens)
            let beta = try await proxy.send(
                "/v1/messages/count_tokens", body: Self.body,
                headers: Self.key + [("anthropic-beta", "token-counting-2024-11-01")])
            #expect(beta.cache == "miss")
            let other = try await proxy.send(
                "/v1/messages/count_tokens", body: Self.body, headers: [("x-api-key", "sk-two")])
            #expect(other.cache == "miss")
            #expect(proxy.simulator.requests(on: "POST /v1/messages/count_tokens") == 3)
        }
    }

    @Test("a refused count passes through as it came and is not stored")
    func refused() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let bad = #"{"model":"claude-haiku-4-5"}"#
            for _ in 0..<2 {
                let reply = try await proxy.send("/v1/messages/count_tokens", body: bad, headers: Self.key)
                #expect(reply.status == 400)
                #expect(reply.json["type"] == "error")
            }
            #expect(proxy.simulator.requests(on: "POST /v1/messages/count_tokens") == 2)
        }
    }
}
