import CostControl
import Foundation
import LLMCacheServer
import LLMCore
import Testing

@Suite("Proxy: token budgets")
struct ProxyTokenLimitsTests {
    @Test("a call over the input limit is a 400 in the caller's format that says what to change; nothing goes upstream")
    func refused() async throws {
        try await withProxy(ProxySetup { $0.tokenLimits = TokenLimits(maxInputTokens: 5) }) {
            (proxy: ProxyHarness) async throws in
            let reply = try await proxy.anthropic(String(repeating: "A long question about lakes. ", count: 20))
            #expect(reply.status == 400)
            #expect(reply.json["type"] == "error")
            #expect(reply.json["error"]?["type"] == "invalid_request_error")
            let message = reply.json["error"]?["message"]?.stringValue ?? ""
            #expect(message.contains("over the limit of 5") && message.contains("trimHistory"), "\(message)")
            #expect(proxy.simulator.statistics.recentCalls.isEmpty)
            let short = try await proxy.openAI("Hi")
            #expect(short.status == 400, "the system prompt and framing alone are over 5 tokens")
            #expect(short.json["error"]?["type"] == "invalid_request_error")
        }
    }

    @Test("summarise_history: the dropped turns are summarised by the named model through the upstream, both priced")
    func summarised() async throws {
        var messages: [JSONValue] = []
        for turn in 0..<12 {
            messages.append(["role": "user", "content": .string("Question \(turn): what does item \(turn) cost?")])
            messages.append(["role": "assistant", "content": .string("Item \(turn) costs \(turn) euros.")])
        }
        messages.append(["role": "user", "content": "And the total?"])
        let body: JSONValue = [
            "model": "claude-sonnet-4-5", "max_tokens": 64, "temperature": 0, "messages": .array(messages),
        ]
        let setup = ProxySetup {
            $0.tokenLimits = TokenLimits(maxInputTokens: 250, whenOverInput: .summariseHistory)
            $0.summaryModel = "claude-haiku-4-5"
        }
        try await withProxy(setup) { (proxy: ProxyHarness) async throws in
            let reply = try await proxy.send(
                "/v1/messages", body: try CanonicalJSON.string(body),
                headers: [("x-api-key", "sk-ant-test-key-one"), ("anthropic-version", "2023-06-01")])
            #expect(reply.status == 200, "\(reply.body)")
            let models = proxy.simulator.statistics.recentCalls.map(\.model)
            #expect(models.sorted() == ["claude-haiku-4-5", "claude-sonnet-4-5"], "the summary call, then the call")
            let tags = try await proxy.server.client.store.spendSummary(limit: 50).byTag.map(\.group)
            #expect(tags.contains("token_budget=summary"), "\(tags)")
            #expect(tags.contains("token_budget=summarised") || tags.contains("token_budget=trimmed"), "\(tags)")
        }
    }

    @Test("the token_limits object of the configuration file, with its errors")
    func configurationFile() throws {
        var configuration = ProxyConfiguration()
        try ProxyConfigurationFile.decode(
            Data(
                #"{"token_limits": {"max_input_tokens": 8000, "max_output_tokens_by_tag": {"feature=faq": 200}, "when_over_input": "trim_history"}}"#
                    .utf8), source: "proxy.json"
        ).apply(to: &configuration, environment: [:])
        #expect(
            configuration.tokenLimits
                == TokenLimits(
                    maxInputTokens: 8000, maxOutputTokensByTag: ["feature=faq": 200], whenOverInput: .trimHistory))
        #expect(configuration.summaryModel == nil)
        try ProxyConfigurationFile.decode(
            Data(
                #"{"token_limits": {"max_input_tokens": 8000, "when_over_input": "summarise_history", "summarise_with": "claude-haiku-4-5", "compression": {"min_length": 500}}}"#
                    .utf8), source: "proxy.json"
        ).apply(to: &configuration, environment: [:])
        #expect(
            configuration.tokenLimits
                == TokenLimits(
                    maxInputTokens: 8000, whenOverInput: .summariseHistory,
                    compression: PromptCompression(minimumLength: 500)))
        #expect(configuration.summaryModel == "claude-haiku-4-5")
        try ProxyConfigurationFile.decode(Data(#"{"token_limits": {"compression": {}}}"#.utf8), source: "proxy.json")
            .apply(to: &configuration, environment: [:])
        #expect(configuration.tokenLimits?.compression == PromptCompression())
        #expect(!configuration.countsTokensAtProvider)
        try ProxyConfigurationFile.decode(
            Data(#"{"token_limits": {"max_input_tokens": 9000, "count_tokens": true}}"#.utf8), source: "proxy.json"
        ).apply(to: &configuration, environment: [:])
        #expect(configuration.countsTokensAtProvider)
        for (json, words) in [
            (#"{"token_limits": {"max_input_tokens": 0}}"#, "at least 1"),
            (#"{"token_limits": {"when_over_input": "summarise"}}"#, "refuse, trim_history or summarise_history"),
            (#"{"token_limits": {"when_over_input": "summarise_history"}}"#, "summarise_with"),
            (#"{"token_limits": {"summarise_with": "claude-haiku-4-5"}}"#, "only used with"),
            (#"{"token_limits": {"compression": {"min_length": 0}}}"#, "at least 1"),
            (#"{"token_limits": {"compression": {"minimum": 10}}}"#, "min_length"),
            (#"{"token_limits": {"max_input_tokens_by_tag": {"faq": 10}}}"#, "key=value"),
            (#"{"token_limits": {"count_tokens": "yes"}}"#, "count_tokens"),
        ] {
            let error = #expect(throws: ProxyConfigurationError.self) {
                try ProxyConfigurationFile.decode(Data(json.utf8), source: "proxy.json")
            }
            #expect(error?.message.contains("token_limits") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains(words) == true, "\(error?.message ?? "")")
        }
    }
}
