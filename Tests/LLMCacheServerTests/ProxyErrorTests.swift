import AsyncHTTPClient
import CostControl
import Foundation
import LLMCacheServer
import LLMCacheTesting
import LLMCore
import NIOCore
import NIOHTTP1
import Testing

@Suite("Proxy: errors in the provider's own format")
struct ProxyErrorTests {
    @Test("malformed JSON is a 400 in each format, and nothing goes upstream")
    func malformedJSON() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let anthropic = try await proxy.send(
                "/v1/messages", body: "{not json", headers: [("x-api-key", "sk-one")])
            #expect(anthropic.status == 400)
            #expect(anthropic.json["type"] == "error")
            #expect(anthropic.json["error"]?["type"] == "invalid_request_error")
            #expect(anthropic.json["error"]?["message"]?.stringValue?.contains("not valid JSON") == true)

            let openAI = try await proxy.send(
                "/v1/chat/completions", body: "[1, 2", headers: [("authorization", "Bearer sk-one")])
            #expect(openAI.status == 400)
            #expect(openAI.json["error"]?["type"] == "invalid_request_error")
            #expect(openAI.json["error"]?["param"] == .null)
            #expect(proxy.anthropicCalls + proxy.openAICalls == 0)

            // The cached side routes read their bodies the same way.
            for (path, header) in [
                ("/v1/embeddings", ("authorization", "Bearer sk-one")),
                ("/v1/messages/count_tokens", ("x-api-key", "sk-one")),
                ("/v1/responses", ("authorization", "Bearer sk-one")),
            ] {
                let reply = try await proxy.send(path, body: "{not json", headers: [header])
                #expect(reply.status == 400, "\(path): \(reply.body)")
                #expect(reply.json["error"]?["message"]?.stringValue?.contains("not valid JSON") == true, "\(path)")
            }
        }
    }

    @Test("a member with no neutral form that would change the answer is refused by name, never dropped")
    func unsupportedField() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let named =
                #"{"model":"gpt-4.1-mini","messages":[{"role":"system","name":"ops","content":"Be brief."},{"role":"user","content":"hi"}]}"#
            let reply = try await proxy.send(
                "/v1/chat/completions", body: named, headers: [("authorization", "Bearer sk-one")])
            #expect(reply.status == 400)
            #expect(reply.json["error"]?["message"]?.stringValue?.contains("messages[0].name") == true, "\(reply.body)")
            #expect(proxy.openAICalls == 0)
        }
    }

    @Test("a call whose answer one cached answer cannot hold (n > 1, logprobs) passes through uncached, as sent")
    func uncachedPassThrough() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let headers = [("authorization", "Bearer sk-one")]
            for extra in [#""n":3"#, #""logprobs":true,"top_logprobs":2"#] {
                let body =
                    #"{"model":"gpt-4.1-mini","temperature":0,\#(extra),"messages":[{"role":"user","content":"hi"}]}"#
                let first = try await proxy.send("/v1/chat/completions", body: body, headers: headers)
                #expect(first.status == 200, "\(first.body)")
                #expect(first.cache == "bypass")
                #expect(first.headers["x-cache-reason"]?.contains("passed through uncached") == true)
                let sent = try JSONValue.parse(Data(body.utf8))
                #expect(proxy.simulator.lastRequestBody(on: ProviderSimulator.Route.chatCompletions) == sent)
                let again = try await proxy.send("/v1/chat/completions", body: body, headers: headers)
                #expect(again.cache == "bypass")
            }
            #expect(proxy.openAICalls == 4)
        }
    }

    @Test("a body over the limit is a 413")
    func tooLarge() async throws {
        try await withProxy(ProxySetup { configuration in configuration.maxBodyBytes = 2048 }) {
            (proxy: ProxyHarness) async throws in
            let big = String(repeating: "x", count: 4096)
            let reply = try await proxy.anthropic(big)
            #expect(reply.status == 413)
            #expect(reply.json["error"]?["type"] == "request_too_large")
            let openAI = try await proxy.openAI(big)
            #expect(openAI.status == 413)
            #expect(openAI.json["error"]?["message"]?.stringValue?.contains("larger") == true)
            #expect(proxy.anthropicCalls + proxy.openAICalls == 0)
        }
    }

    @Test("an unknown route is a 404 with an error body; under /v1 it is the provider's own answer")
    func unknownRoute() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let reply = try await proxy.send("/nothing-here", method: .GET)
            #expect(reply.status == 404)
            #expect(reply.json["error"]?["message"]?.stringValue?.contains("unknown route") == true)
            let provider = try await proxy.send("/v1/nothing-here", method: .GET)
            #expect(provider.status == 404)
            #expect(provider.json["error"]?["message"]?.stringValue?.contains("simulator has no route") == true)
            let anthropic = try await proxy.send("/v1/skills", body: "{}", headers: [("x-api-key", "sk-one")])
            #expect(anthropic.status == 404)
            #expect(anthropic.json["type"] == "error")
            #expect(anthropic.json["error"]?["type"] == "not_found_error")
        }
    }

    @Test("a call without an API key is a 401 when keys are forwarded")
    func missingKey() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let reply = try await proxy.send(
                "/v1/messages", body: #"{"model":"claude-haiku-4-5","max_tokens":8,"messages":[]}"#)
            #expect(reply.status == 401)
            #expect(reply.json["error"]?["type"] == "authentication_error")
        }
    }

    @Test("an unreachable upstream is a 502, and nothing is cached")
    func unreachable() async throws {
        let closedPort = try await unusedPort()
        try await withProxy(
            ProxySetup { configuration in
                configuration.anthropicBaseURL = "http://127.0.0.1:\(closedPort)"
                configuration.upstreamConnectTimeout = .milliseconds(500)
            }
        ) { (proxy: ProxyHarness) async throws in
            let reply = try await proxy.anthropic("Anyone there?")
            #expect(reply.status == 502)
            #expect(reply.json["error"]?["type"] == "api_error")
            #expect(reply.json["error"]?["message"]?.stringValue?.contains("unreachable") == true)
            #expect(reply.json["error"]?["message"]?.stringValue?.contains("attempts") == true)
            #expect(try await proxy.server.client.store.statistics().entries == 0)
        }
    }

    @Test("a provider error passes through with its status and type, and is not cached")
    func providerErrorPassesThrough() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            proxy.simulator.injectFaults([.unauthorized])
            let reply = try await proxy.anthropic("Who am I?")
            #expect(reply.status == 401)
            #expect(reply.json["error"]?["type"] == "authentication_error")
            let again = try await proxy.anthropic("Who am I?")
            #expect(again.status == 200)
            #expect(again.cache == "miss")
            #expect(proxy.anthropicCalls == 2)
        }
    }

    @Test("a budget refusal is a 429 (or the configured 402) with a clear message, and nothing goes upstream")
    func budgetRefused() async throws {
        try await withProxy(
            ProxySetup { configuration in
                configuration.budget = BudgetLimits(perRequestMax: MicroDollars(1))
            }
        ) { (proxy: ProxyHarness) async throws in
            let reply = try await proxy.anthropic("Too expensive")
            #expect(reply.status == 429)
            #expect(reply.json["error"]?["message"]?.stringValue?.contains("budget") == true)
            #expect(proxy.anthropicCalls == 0)
        }
        try await withProxy(
            ProxySetup { configuration in
                configuration.budget = BudgetLimits(perRequestMax: MicroDollars(1))
                configuration.budgetRefusalStatus = 402
            }
        ) { (proxy: ProxyHarness) async throws in
            let reply = try await proxy.openAI("Too expensive")
            #expect(reply.status == 402)
            #expect(reply.json["error"]?["code"] == "budget_exceeded")
            #expect(proxy.openAICalls == 0)
        }
    }
}

/// A loopback port that nothing listens on (bound once, then released).
func unusedPort() async throws -> Int {
    let simulator = ProviderSimulator()
    let port = try await simulator.start()
    await simulator.stop()
    return port
}
