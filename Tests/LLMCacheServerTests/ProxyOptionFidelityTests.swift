import CostControl
import Foundation
import LLMCacheServer
import LLMCacheTesting
import LLMCore
import Testing

@Suite("Proxy: fields it does not model go upstream as sent and into the key")
struct ProxyOptionFidelityTests {
    static func openAIBody(tool strict: Bool?, extra: String = "") -> String {
        let strictMember = strict.map { #","strict":\#($0)"# } ?? ""
        return
            #"{"model":"gpt-4.1-mini","temperature":0,"max_completion_tokens":32,"messages":[{"role":"user","content":"Weather in Oslo?"}],"tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}\#(strictMember)}}]\#(extra)}"#
    }

    @Test("an OpenAI strict tool (what pydantic_function_tool sends) passes, and strict is keyed")
    func openAIStrictTool() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let headers = [("authorization", "Bearer sk-one")]
            let strict = try await proxy.send(
                "/v1/chat/completions", body: Self.openAIBody(tool: true), headers: headers)
            #expect(strict.status == 200, "\(strict.body)")
            let upstream = proxy.simulator.lastRequestBody(on: ProviderSimulator.Route.chatCompletions)
            #expect(upstream?["tools"]?.arrayValue?.first?["function"]?["strict"] == true)
            let loose = try await proxy.send(
                "/v1/chat/completions", body: Self.openAIBody(tool: nil), headers: headers)
            #expect(loose.cache == "miss")
            #expect(
                try await proxy.send("/v1/chat/completions", body: Self.openAIBody(tool: true), headers: headers).cache
                    == "hit-exact")
            #expect(proxy.openAICalls == 2)
        }
    }

    @Test("reasoning_effort and penalties go upstream and are keyed; store and metadata are not keyed")
    func openAITopLevel() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let headers = [("authorization", "Bearer sk-one")]
            let high = Self.openAIBody(tool: nil, extra: #","reasoning_effort":"high","frequency_penalty":0.5"#)
            let first = try await proxy.send("/v1/chat/completions", body: high, headers: headers)
            #expect(first.status == 200, "\(first.body)")
            let upstream = proxy.simulator.lastRequestBody(on: ProviderSimulator.Route.chatCompletions)
            #expect(upstream?["reasoning_effort"] == "high")
            #expect(upstream?["frequency_penalty"] == 0.5)
            let low = Self.openAIBody(tool: nil, extra: #","reasoning_effort":"low","frequency_penalty":0.5"#)
            #expect(try await proxy.send("/v1/chat/completions", body: low, headers: headers).cache == "miss")
            let labelled = Self.openAIBody(
                tool: nil,
                extra: #","reasoning_effort":"high","frequency_penalty":0.5,"store":true,"metadata":{"run":"7"}"#)
            let again = try await proxy.send("/v1/chat/completions", body: labelled, headers: headers)
            #expect(again.cache == "hit-exact")
            #expect(proxy.openAICalls == 2)
        }
    }

    @Test(
        "Anthropic tool flags and thinking go upstream and are keyed; a thinking answer is relayed and replayed whole")
    func anthropicOptions() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let headers = [("x-api-key", "sk-one")]
            func body(_ extra: String, strict: Bool) -> String {
                #"{"model":"claude-haiku-4-5","max_tokens":32,"temperature":0,"messages":[{"role":"user","content":"Weather in Oslo?"}],"tools":[{"name":"weather","input_schema":{"type":"object"},"strict":\#(strict)}]\#(extra)}"#
            }
            let disabled = #","thinking":{"type":"disabled"},"service_tier":"auto""#
            let first = try await proxy.send("/v1/messages", body: body(disabled, strict: true), headers: headers)
            #expect(first.status == 200, "\(first.body)")
            let upstream = proxy.simulator.lastRequestBody(on: ProviderSimulator.Route.messages)
            #expect(upstream?["tools"]?.arrayValue?.first?["strict"] == true)
            #expect(upstream?["thinking"]?["type"] == "disabled")
            #expect(upstream?["service_tier"] == "auto")
            #expect(
                try await proxy.send("/v1/messages", body: body(disabled, strict: false), headers: headers).cache
                    == "miss")
            let thinking = body(#","thinking":{"type":"enabled","budget_tokens":1024}"#, strict: true)
            let enabled = try await proxy.send("/v1/messages", body: thinking, headers: headers)
            #expect(enabled.status == 200, "\(enabled.body)")
            #expect(enabled.cache == "miss")
            let block = enabled.json["content"]?.arrayValue?.first
            #expect(block?["type"] == "thinking")
            #expect(block?["signature"]?.stringValue?.hasPrefix("sig_") == true)
            let hit = try await proxy.send("/v1/messages", body: thinking, headers: headers)
            #expect(hit.cache == "hit-exact")
            #expect(hit.json["content"] == enabled.json["content"])
            // A stream of the same call replays the thinking block as Anthropic streams it.
            let streamed = String(thinking.dropLast()) + #","stream":true}"#
            let events = try await proxy.send("/v1/messages", body: streamed, headers: headers)
            #expect(events.cache == "hit-exact")
            #expect(events.body.contains(#""type":"thinking_delta""#))
            #expect(events.body.contains(#""type":"signature_delta""#))
        }
    }

    @Test("a streamed thinking answer is stored whole: a plain repeat returns the same blocks")
    func streamedThinking() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let headers = [("x-api-key", "sk-one")]
            let body =
                #"{"model":"claude-haiku-4-5","max_tokens":64,"thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"user","content":"Plan a trip"}]"#
            let streamed = try await proxy.send("/v1/messages", body: body + #","stream":true}"#, headers: headers)
            #expect(streamed.cache == "miss")
            #expect(streamed.body.contains("thinking_delta"))
            let plain = try await proxy.send("/v1/messages", body: body + "}", headers: headers)
            #expect(plain.cache == "hit-exact")
            let content = plain.json["content"]?.arrayValue ?? []
            #expect(content.first?["type"] == "thinking")
            #expect(content.first?["thinking"]?.stringValue?.hasPrefix("Considering: Plan a trip") == true)
            #expect(content.first?["signature"]?.stringValue?.hasPrefix("sig_") == true)
            #expect(content.count == 2)
        }
    }

    @Test(
        "an OpenAI member the neutral request does not model goes upstream as sent and is keyed",
        arguments: [
            (#"{"role":"user","name":"alice","content":"Hi"}"#, #"{"role":"user","content":"Hi"}"#),
            (
                #"{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}}]}"#,
                #"{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}"#
            ),
            (
                #"{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}"#,
                #"{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/b.png"}}]}"#
            ),
        ])
    func nestedMembers(message: String, without: String) async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let headers = [("authorization", "Bearer sk-one")]
            let body = #"{"model":"gpt-4.1-mini","temperature":0,"messages":[\#(message)]}"#
            let reply = try await proxy.send("/v1/chat/completions", body: body, headers: headers)
            #expect(reply.status == 200, "\(reply.body)")
            let sent = try JSONValue.parse(Data(message.utf8))
            let upstream = proxy.simulator.lastRequestBody(on: ProviderSimulator.Route.chatCompletions)
            #expect(upstream?["messages"]?.arrayValue?.first == sent, "the message reached the provider as sent")
            #expect(try await proxy.send("/v1/chat/completions", body: body, headers: headers).cache == "hit-exact")
            // Without the member it is another call.
            let other = #"{"model":"gpt-4.1-mini","temperature":0,"messages":[\#(without)]}"#
            #expect(try await proxy.send("/v1/chat/completions", body: other, headers: headers).cache == "miss")
            #expect(proxy.openAICalls == 2)
        }
    }

    @Test("an OpenAI call without a token limit is sent without one (the provider's limit), and keyed apart")
    func noTokenLimit() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let headers = [("authorization", "Bearer sk-one")]
            let unset = #"{"model":"gpt-4.1-mini","temperature":0,"messages":[{"role":"user","content":"Hi"}]}"#
            #expect(try await proxy.send("/v1/chat/completions", body: unset, headers: headers).cache == "miss")
            let upstream = proxy.simulator.lastRequestBody(on: ProviderSimulator.Route.chatCompletions)
            #expect(upstream?["max_completion_tokens"] == nil)
            #expect(upstream?["max_tokens"] == nil)
            #expect(try await proxy.send("/v1/chat/completions", body: unset, headers: headers).cache == "hit-exact")
            let explicit =
                #"{"model":"gpt-4.1-mini","temperature":0,"max_completion_tokens":4096,"messages":[{"role":"user","content":"Hi"}]}"#
            #expect(try await proxy.send("/v1/chat/completions", body: explicit, headers: headers).cache == "miss")
        }
        let capped = ProxySetup { configuration in configuration.budget = BudgetLimits(dailyCap: .dollars(5)) }
        try await withProxy(capped) { (proxy: ProxyHarness) async throws in
            let unset = #"{"model":"gpt-4.1-mini","temperature":0,"messages":[{"role":"user","content":"Hi"}]}"#
            #expect(
                try await proxy.send("/v1/chat/completions", body: unset, headers: [("authorization", "Bearer sk-one")])
                    .status == 200)
            let upstream = proxy.simulator.lastRequestBody(on: ProviderSimulator.Route.chatCompletions)
            #expect(
                upstream?["max_completion_tokens"] == 4096, "with a cap, the reserved limit is sent so the cap holds")
        }
    }
}
