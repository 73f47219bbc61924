import ArgumentParser
import CacheStorage
import CostControl
import Embeddings
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import PostgresStore
import SQLiteStore
import SemanticCache

/// `llmcache-fixture send`: one cache instance in its own process. Sends prompts through a ``CachedClient`` (exact
/// and lexical semantic layers, in-process stand-in provider) over the `--db` store, with the daily cap held
/// in the shared budget and a rate in the shared rate buckets of the store, and prints one JSON line per prompt. Tests run it
/// beside another instance to check what the instances share.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Send prompts through a cache instance (for multi-instance tests).")

    @OptionGroup var database: FixtureDatabase
    @Option(name: .customLong("prompt"), help: "A prompt to send (repeat for more).") var prompts: [String] = []
    @Option(help: "The semantic threshold.") var threshold: Float = 0.9
    @Option(help: "A daily cap in micro-dollars, held in the shared budget.") var dailyCapMicros: Int64?
    @Option(help: "The model of the calls.") var model = "claude-haiku-4-5"
    @Option(help: "A rate of upstream calls per minute for the namespace, held in the shared rate buckets.")
    var requestsPerMinute: Int?

    /// One line of output.
    struct Line: Codable {
        var prompt: String
        var layer: String?
        var outcome: String?
        var costMicros: Int64?
        var error: String?
    }

    func run() async throws {
        let store = try await database.open()
        var semanticConfiguration = SemanticCacheConfiguration()
        semanticConfiguration.threshold = threshold
        let semantic = try await SemanticCache.open(
            store: store, embedder: LexicalEmbedder(), configuration: semanticConfiguration)
        let ledger = StoreCostLedger(store: store)
        let shared: (any SharedBudget)? =
            (store as? PostgresStore)?.sharedBudget ?? (store as? SQLiteStore)?.sharedBudget
        let gate = BudgetGate(
            limits: BudgetLimits(dailyCap: dailyCapMicros.map(MicroDollars.init)), ledger: ledger, shared: shared)
        let costGuard = CostGuard(pricing: try PricingTable.load(contentsOf: PricingFileLocator.locate()), gate: gate)
        let sharedRates: (any SharedRateBuckets)? =
            (store as? PostgresStore)?.sharedRateBuckets ?? (store as? SQLiteStore)?.sharedRateBuckets
        let rateLimiter = requestsPerMinute.map {
            RateLimiter(limits: RateLimits(perNamespace: .init(requestsPerMinute: $0)), shared: sharedRates)
        }
        let client = CachedClient(
            upstream: DeterministicTransport(), store: store, semantic: semantic, costGuard: costGuard,
            rateLimiter: rateLimiter)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for prompt in prompts {
            let request = LLMRequest(model: model, messages: [.user(prompt)], maxTokens: 64, temperature: 0)
            var line = Line(prompt: prompt)
            do {
                let answer = try await client.send(request)
                line.layer = answer.cache.layer.rawValue
                line.outcome = answer.cache.outcome.rawValue
                line.costMicros = answer.cache.cost?.rawValue
            } catch {
                line.error = "\(error)"
            }
            FileHandle.standardOutput.write(try encoder.encode(line) + Data("\n".utf8))
        }
        try await store.close()
    }
}
