import LLMCore
import Testing

@Suite("Cache key: provider options")
struct CacheKeyOptionsTests {
    static let base = LLMRequest(
        provider: .openAI, model: "gpt-4.1-mini", messages: [.user("Hello")],
        tools: [Tool(name: "lookup", inputSchema: ["type": "object"])], maxTokens: 64, temperature: 0)

    static func with(options: [String: JSONValue] = [:], toolOptions: [String: JSONValue] = [:]) -> LLMRequest {
        var request = base
        request.providerOptions = options
        request.tools[0].options = toolOptions
        return request
    }

    @Test("a tool's strict flag (or any member the tool does not model) changes the key")
    func toolOptions() throws {
        let plain = try CacheKey(Self.base)
        let strict = try CacheKey(Self.with(toolOptions: ["strict": true]))
        #expect(strict != plain)
        #expect(try CacheKey(Self.with(toolOptions: ["strict": false])) != strict)
        #expect(try CacheKey(Self.with(toolOptions: ["defer_loading": true])) != plain)
    }

    @Test(
        "options that can change the answer are keyed",
        arguments: [
            ["reasoning_effort": JSONValue.string("high")], ["verbosity": "low"], ["frequency_penalty": 0.5],
            ["thinking": ["type": "disabled"]], ["parallel_tool_calls": false], ["some_future_field": 1],
        ])
    func keyedOptions(options: [String: JSONValue]) throws {
        #expect(try CacheKey(Self.with(options: options)) != CacheKey(Self.base))
    }

    @Test(
        "options that cannot change the answer are not",
        arguments: [
            ["metadata": JSONValue.object(["run": "a"])], ["store": true], ["service_tier": "flex"],
            ["safety_identifier": "u-1"], ["prompt_cache_retention": "24h"], ["cache_control": ["type": "ephemeral"]],
        ])
    func unkeyedOptions(options: [String: JSONValue]) throws {
        #expect(try CacheKey(Self.with(options: options)) == CacheKey(Self.base))
    }

    @Test("a limit that is not sent keys apart from the same limit sent")
    func unsentLimit() throws {
        var unsent = Self.base
        unsent.sendsMaxTokens = false
        #expect(try CacheKey(unsent) != CacheKey(Self.base))
    }
}
