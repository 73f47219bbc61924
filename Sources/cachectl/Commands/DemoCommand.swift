import ArgumentParser
import CacheStorage
import CostControl
import Embeddings
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import SemanticCache

/// `cachectl demo`: sends a few calls through a ``CachedClient`` (exact and semantic layers, priced and
/// budgeted) to an in-process stand-in provider and shows which layer answered each.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Send a few calls through the caches to an in-process stand-in provider and show the hits.",
        discussion: """
            Creates the database when missing. No network and no API key are needed. The minilm embedder \
            needs the model files (`bash scripts/fetch-model.sh`); --embedder lexical needs nothing.
            """)

    @OptionGroup var database: DatabaseOption
    @Option(help: "Simulated provider latency in milliseconds.") var latencyMs = 150
    @Option(help: "The embedder of the semantic layer: minilm or lexical.") var embedder: EmbedderKind = .minilm
    @Option(help: "The pricing file (default: data/pricing.json, see `cachectl pricing`).") var pricing: String?
    @Option(
        help: "The semantic threshold for the demo (the library default is 0.98).", transform: ThresholdArgument.parse)
    var threshold: Float = 0.90

    static let questions = [
        "What is the capital of France?",
        "Summarise the plot of Hamlet in one sentence.",
        "What is the capital of France?",
        "What's the capital city of France?",
        "Convert 100 degrees Fahrenheit to Celsius.",
        "Give me a one-sentence summary of Hamlet's plot.",
        "How many legs does a spider have?",
        "What is the capital of Germany?",
    ]

    func run() async throws {
        let store = try await database.openForWriting(create: true)
        var semanticConfiguration = SemanticCacheConfiguration()
        semanticConfiguration.threshold = threshold
        let semantic = try await SemanticCache.open(
            store: store, embedder: try embedder.make(), configuration: semanticConfiguration)
        let pricingURL = try pricing.map { URL(fileURLWithPath: $0) } ?? PricingFileLocator.locate()
        let gate = BudgetGate(limits: BudgetLimits(dailyCap: .dollars(1)), ledger: StoreCostLedger(store: store))
        let costGuard = CostGuard(pricing: try PricingTable.load(contentsOf: pricingURL), gate: gate)
        let upstream = DeterministicTransport(latency: .milliseconds(latencyMs))
        let client = CachedClient(upstream: upstream, store: store, semantic: semantic, costGuard: costGuard)

        var table = TextTable([
            ("#", .right), ("Prompt", .left), ("Cache", .left), ("Similarity", .right), ("Cost", .right),
            ("Latency", .right),
        ])
        for (index, question) in Self.questions.enumerated() {
            let request = LLMRequest(
                model: "claude-haiku-4-5", system: [TextBlock("You are a concise assistant.")],
                messages: [.user(question)], maxTokens: 256, temperature: 0)
            let started = ContinuousClock.now
            let answer = try await client.send(request, cache: CacheControls(costTags: ["feature": "demo"]))
            let elapsed = ContinuousClock.now - started
            table.append([
                "\(index + 1)", question, Self.label(answer.cache),
                answer.cache.similarity.map { String(format: "%.3f", $0) } ?? "",
                answer.cache.cost.map { Formatting.money(micros: $0.rawValue) } ?? "-", Self.milliseconds(elapsed),
            ])
        }
        try await store.close()
        print(table.rendered)
        print(
            "\nUpstream calls: \(upstream.calls) of \(Self.questions.count) requests. Semantic threshold: \(threshold). "
                + "Database: \(store.location)")
    }

    private static func label(_ cache: CacheMetadata) -> String {
        cache.outcome == .hit ? "hit-\(cache.layer.rawValue)" : cache.outcome.rawValue
    }

    private static func milliseconds(_ duration: Duration) -> String {
        String(format: "%.2f ms", duration / .milliseconds(1))
    }
}
