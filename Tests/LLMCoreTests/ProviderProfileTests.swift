import LLMCore
import Testing

@Suite("Provider profiles: the one registry of providers")
struct ProviderProfileTests {
    @Test("a described provider has its profile; an unknown one fails loudly instead of taking another's path")
    func lookup() throws {
        #expect(try ProviderProfile.named(.anthropic).promptCaching == .breakpoints)
        #expect(try ProviderProfile.named(.openAI).wireFormat == .openAIChat)
        #expect(try ProviderProfile.named(.openAI).wireFormats.contains(.openAIResponses))
        #expect(throws: UnknownProviderError("mistral")) { try ProviderProfile.named("mistral") }
        #expect(UnknownProviderError("mistral").description.contains("known: anthropic, openai"))
    }

    @Test("a bare model name finds its provider by prefix, or none")
    func models() {
        #expect(ProviderProfile.serving(model: "claude-haiku-4-5")?.id == .anthropic)
        #expect(ProviderProfile.serving(model: "gpt-4.1-mini")?.id == .openAI)
        #expect(ProviderProfile.serving(model: "llama-3") == nil)
    }

    @Test("a Responses request is keyed apart from the same Chat request")
    func wireKeyed() throws {
        var chat = LLMRequest(provider: .openAI, model: "gpt-4.1-mini", messages: [.user("hi")])
        var responses = chat
        responses.wireFormat = .openAIResponses
        #expect(try CacheKey(chat) != CacheKey(responses))
        chat.providerOptions["store"] = true
        #expect(
            try CacheKey(chat)
                == CacheKey(LLMRequest(provider: .openAI, model: "gpt-4.1-mini", messages: [.user("hi")])))
    }
}
