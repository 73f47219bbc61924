// swift-format-ignore-file
// The README's first example, line for line between the markers (ReadmeExampleTests checks that), so that
// it is compiled with its one import, `import LLMCache`. It is never run: it calls Anthropic.
import LLMCache

func readmeFirstExample() async throws {
    // README example begins
    try await withCacheStore(path: "cache.sqlite") { store in             // WAL, mode 0600; closed and flushed at the end
        let semantic = try await SemanticCache.open(store: store, embedder: try MiniLMEmbedder())
        let pricing = try PricingTable.load(contentsOf: PricingFileLocator.locate())
        let gate = BudgetGate(limits: BudgetLimits(dailyCap: .dollars(5)), ledger: StoreCostLedger(store: store))
        let client = CachedClient(
            upstream: AnthropicTransport(), store: store, semantic: semantic,   // key from ANTHROPIC_API_KEY
            costGuard: CostGuard(pricing: pricing, gate: gate))

        let answer = try await client.send(LLMRequest(model: "claude-haiku-4-5", messages: [.user("What is 2+2?")], temperature: 0))
        print(answer.cache.layer, answer.cache.similarity ?? 1, answer.cache.saved ?? .zero, answer.response.text)

        let stream = try await client.stream(LLMRequest(model: "claude-haiku-4-5", messages: [.user("Tell me more.")], temperature: 0))
        for try await event in stream { if case .textDelta(_, let text) = event { print(text, terminator: "") } }
    }
    // README example ends
}
