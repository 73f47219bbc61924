// The sample app of "Add caching to your app" (LLMCache.docc/AddCaching.md): the article's code blocks are
// the parts of this file between its `// snippet` markers (a test checks that), and scripts/sample-check.sh
// builds and runs it against the provider simulator from a folder outside the repository.
// snippet: logging
import Foundation
import LLMCache

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .warning  // .debug shows every hit, miss and routing decision
    return handler
}
// end snippet

// snippet: upstream
// The official SDKs' variable: point it at a local server (or `cachectl simulate`) to try this offline.
let baseURL = ProcessInfo.processInfo.environment["ANTHROPIC_BASE_URL"] ?? "https://api.anthropic.com"
let upstream = AnthropicTransport(configuration: .init(baseURL: baseURL))  // key from ANTHROPIC_API_KEY
// end snippet

// snippet: client
try await withCacheStore(path: "cache.sqlite") { store in  // closed, and flushed, when the block ends
    let semantic = try await SemanticCache.open(store: store, embedder: try MiniLMEmbedder())
    let pricing = try PricingTable.load(contentsOf: PricingFileLocator.locate())
    let gate = BudgetGate(limits: BudgetLimits(dailyCap: .dollars(5)), ledger: StoreCostLedger(store: store))
    let client = CachedClient(
        upstream: upstream, store: store, semantic: semantic, costGuard: CostGuard(pricing: pricing, gate: gate))
    try await ask(client)
    try await streamAnswer(client)
    try await printStatistics(of: store)
}
// end snippet

// snippet: send
func ask(_ client: CachedClient) async throws {
    for question in ["What is the capital of France?", "What is the capital of France?"] {
        let request = LLMRequest(model: "claude-haiku-4-5", messages: [.user(question)], temperature: 0)
        let answer = try await client.send(request)
        print("\(answer.cache.outcome) \(answer.cache.layer): \(answer.response.text)")
        print("  cost \(answer.cache.cost ?? .zero), saved \(answer.cache.saved ?? .zero)")
    }
}
// end snippet

// snippet: stream
func streamAnswer(_ client: CachedClient) async throws {
    let request = LLMRequest(model: "claude-haiku-4-5", messages: [.user("Tell me more.")], temperature: 0)
    let stream = try await client.stream(request)
    print("stream: \(stream.cache.outcome) \(stream.cache.layer)")
    for try await event in stream {
        if case .textDelta(_, let text) = event { print(text, terminator: "") }
    }
    print()
}
// end snippet

// snippet: stats
func printStatistics(of store: SQLiteStore) async throws {
    let statistics = try await store.statistics()
    for (layer, counters) in statistics.layers.sorted(by: { $0.key < $1.key }) {
        print("\(layer): \(counters.hits) hits, \(counters.misses) misses, saved \(counters.moneySaved)")
    }
    print("entries: \(statistics.entries)")
}
// end snippet
