import Foundation
import LLMCore
import Testing

@Suite("A request addressed to a transport's provider")
struct ProviderAddressingTests {
    let request = LLMRequest(model: "gpt-4.1-mini", messages: [.user("hi")])

    @Test("a request that names no provider takes the transport's; one that names the same is unchanged")
    func filledIn() throws {
        #expect(try request.addressed(to: .openAI).provider == .openAI)
        var named = request
        named.provider = .openAI
        #expect(try named.addressed(to: .openAI) == named)
        #expect(try named.addressed(to: nil) == named)
        #expect(try named.namedProvider() == .openAI)
    }

    @Test("another provider than the transport's, or none on either side, is an error that says what to do")
    func refused() throws {
        var named = request
        named.provider = .anthropic
        #expect(throws: ProviderMismatchError(requested: .anthropic, transport: .openAI, model: "gpt-4.1-mini")) {
            try named.addressed(to: .openAI)
        }
        #expect(throws: ProviderMismatchError(requested: nil, transport: nil, model: "gpt-4.1-mini")) {
            try request.addressed(to: nil)
        }
        #expect(throws: ProviderMismatchError.self) { try request.namedProvider() }
        let mismatch = ProviderMismatchError(requested: .anthropic, transport: .openAI, model: "gpt-4.1-mini")
        #expect(
            mismatch.description
                == "the request for model 'gpt-4.1-mini' names provider 'anthropic', but it was sent through a "
                + "transport for 'openai'; leave LLMRequest.provider unset (nil) to use the transport's provider, "
                + "or send the request through a transport for 'anthropic'")
        #expect(
            ProviderMismatchError(requested: nil, transport: nil, model: "m").description.contains(
                "set LLMRequest.provider"))
    }

    @Test("a request decoded without a provider names none (no default provider), and keys apart from each")
    func decoded() throws {
        let json =
            #"{"model": "gpt-4.1-mini", "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}], "max_tokens": 10}"#
        let decoded = try JSONDecoder().decode(LLMRequest.self, from: Data(json.utf8))
        #expect(decoded.provider == nil)
        var anthropic = decoded
        anthropic.provider = .anthropic
        var openAI = decoded
        openAI.provider = .openAI
        let keys = try Set([CacheKey(decoded), CacheKey(anthropic), CacheKey(openAI)])
        #expect(keys.count == 3)
    }
}
