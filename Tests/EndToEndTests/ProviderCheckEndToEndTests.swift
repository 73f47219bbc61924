import CacheStorage
import LLMCache
import LLMCore
import Testing

@Suite("The request's provider is checked against the transport")
struct ProviderCheckEndToEndTests {
    @Test("a request that names no provider is keyed, stored and answered again as the transport's provider's")
    func filledIn() async throws {
        try await withEndToEnd(EndToEnd.Options(provider: .openAI)) { setup in
            let request = LLMRequest(model: "gpt-4.1-mini", messages: [.user("What is 2+2?")], temperature: 0)
            #expect(request.provider == nil)
            let first = try await setup.client.send(request)
            var addressed = request
            addressed.provider = .openAI
            #expect(first.cache.key == (try CacheKey(addressed)))
            guard
                case .hit(let entry) = try await setup.store.lookup(
                    namespace: first.cache.namespace, key: try CacheKey(addressed).hex, maxAge: nil, recordHit: false)
            else {
                Issue.record("the answer was not stored under its key")
                return
            }
            #expect(entry.provider == "openai")
            let again = try await setup.client.send(addressed)
            #expect(again.cache.outcome == .hit)
            #expect(setup.upstreamRequests == 1)
        }
    }

    @Test("a request for another provider is refused before any lookup, call or store, plain and streamed")
    func refused() async throws {
        try await withEndToEnd(EndToEnd.Options(provider: .openAI)) { setup in
            let request = LLMRequest(
                provider: .anthropic, model: "gpt-4.1-mini", messages: [.user("What is 2+2?")], temperature: 0)
            do {
                _ = try await setup.client.send(request)
                Issue.record("a request for Anthropic went through the OpenAI transport")
            } catch let error as ProviderMismatchError {
                #expect(error.requested == .anthropic && error.transport == .openAI)
                #expect("\(error)".contains("leave LLMRequest.provider unset"))
            }
            await #expect(throws: ProviderMismatchError.self) { _ = try await setup.client.stream(request) }
            await #expect(throws: ProviderMismatchError.self) { _ = try await setup.client.upstream.send(request) }
            #expect(setup.upstreamRequests == 0)
            #expect(try await setup.storedEntries() == 0)
        }
    }
}
