import CostControl
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import Testing

@Suite("Model routing through CachedClient")
struct RoutingTests {
    func client(_ harness: Harness, upstream: (any LLMTransport)? = nil) throws -> CachedClient {
        let pricing = try CostTrackingTests.pricing()
        let config = try RoutingConfig(
            models: [.cheap: "claude-haiku-4-5", .standard: "claude-sonnet-4-5", .premium: "claude-opus-4-5"],
            longInputCharacters: 1_000, manyItems: 10, pricing: pricing)
        return CachedClient(
            upstream: upstream ?? harness.upstream, store: harness.store, pricer: pricing,
            router: ModelRouter(config: config, pricing: pricing))
    }

    @Test("a simple task goes to the cheap tier, a long one to the standard tier, deep reasoning to premium")
    func tiers() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        let client = try client(harness)
        let simple = try await client.send(question("What is 2+2?", model: "claude-sonnet-4-5"))
        #expect(simple.response.model == "claude-haiku-4-5")
        #expect(simple.cache.routing?.model == "claude-haiku-4-5")
        #expect(simple.cache.routing?.reason == .simple)
        let long = try await client.send(
            question(String(repeating: "Read this clause carefully. ", count: 50), model: "claude-sonnet-4-5"))
        #expect(long.response.model == "claude-sonnet-4-5")
        let deep = try await client.send(
            question("Prove it.", model: "claude-sonnet-4-5"),
            cache: CacheControls(routing: RoutingHints(deepReasoning: true)))
        #expect(deep.response.model == "claude-opus-4-5")
        #expect(deep.cache.routing?.reason == .deepReasoning)
        let many = try await client.send(
            question("Summarise these.", model: "claude-sonnet-4-5"),
            cache: CacheControls(routing: RoutingHints(itemCount: 12)))
        #expect(many.response.model == "claude-sonnet-4-5")
    }

    @Test("a pinned model is kept, and the cache answers the caller's request again")
    func pinnedAndCached() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        let client = try client(harness)
        let pinned = try await client.send(
            question("What is 3+3?", model: "claude-sonnet-4-5"),
            cache: CacheControls(routing: RoutingHints(pinModel: true)))
        #expect(pinned.response.model == "claude-sonnet-4-5")
        #expect(pinned.cache.routing == nil, "a pinned model is not routed")
        let routed = try await client.send(question("What is 4+4?", model: "claude-sonnet-4-5"))
        let again = try await client.send(question("What is 4+4?", model: "claude-sonnet-4-5"))
        #expect(again.cache.outcome == .hit)
        #expect(again.cache.routing == nil, "a hit makes no call to route")
        #expect(routed.cache.routing?.model == "claude-haiku-4-5")
        #expect(again.response == routed.response)
        #expect(harness.upstream.calls == 2)
    }

    @Test("a request to another provider is not routed to this router's models")
    func otherProvider() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        let client = try client(harness, upstream: DeterministicTransport(provider: .openAI))
        let answer = try await client.send(question("What is 5+5?", model: "gpt-4o"))
        #expect(answer.cache.key == (try CacheKey(question("What is 5+5?", model: "gpt-4o", provider: .openAI))))
        #expect(answer.response.model == "gpt-4o")
        #expect(answer.cache.routing == nil)
    }

    @Test("a routed stream names the router's choice in its metadata before the first event")
    func streamed() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        let client = try client(harness)
        let stream = try await client.stream(question("What is 6+6?", model: "claude-sonnet-4-5"))
        #expect(stream.cache.routing?.model == "claude-haiku-4-5")
        var model: String?
        for try await event in stream {
            if case .completed(let response) = event { model = response.model }
        }
        #expect(model == "claude-haiku-4-5")
    }
}
