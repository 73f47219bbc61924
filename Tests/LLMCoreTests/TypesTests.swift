import Foundation
import LLMCore
import Testing

@Suite("Provider-neutral types")
struct TypesTests {
    @Test("a request with every content-block kind survives a JSON round trip")
    func requestRoundTrip() throws {
        let request = CacheKeyTests.base
        var withTools = request
        withTools.messages.append(
            Message(role: .assistant, content: [.toolUse(id: "c1", name: "lookup", input: ["q": "cats", "n": 3])]))
        withTools.messages.append(
            Message(role: .user, content: [.toolResult(toolUseID: "c1", content: [.text("found")], isError: true)]))
        let data = try JSONEncoder().encode(withTools)
        let decoded = try JSONDecoder().decode(LLMRequest.self, from: data)
        #expect(decoded == withTools)
        #expect(try CacheKey(decoded) == CacheKey(withTools))
    }

    @Test("a response with usage survives a JSON round trip")
    func responseRoundTrip() throws {
        let response = LLMResponse(
            id: "msg_1", model: "claude-sonnet-4-5-20250929", content: [.text("Hi")], stopReason: .other("pause_turn"),
            usage: Usage(
                inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 100, cacheWrite5mInputTokens: 20,
                cacheWrite1hInputTokens: 30))
        let decoded = try JSONDecoder().decode(LLMResponse.self, from: JSONEncoder().encode(response))
        #expect(decoded == response)
        #expect(decoded.usage.totalInputTokens == 160)
        #expect(decoded.usage.cacheWriteInputTokens == 50)
    }

    @Test("an unknown content-block type is a clear decoding error")
    func unknownBlock() {
        let json = #"{"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"video"}]}]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LLMRequest.self, from: Data(json.utf8)) }
    }

    @Test("only temperature 0 is deterministic")
    func determinism() {
        var request = CacheKeyTests.base
        request.temperature = 0
        #expect(request.isDeterministic)
        request.temperature = 0.2
        #expect(!request.isDeterministic)
        request.temperature = nil
        #expect(!request.isDeterministic)
    }
}
