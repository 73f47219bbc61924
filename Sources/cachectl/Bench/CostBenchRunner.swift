import CacheStorage
import CostControl
import Embeddings
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import Logging
import Providers
import SQLiteStore
import SemanticCache

/// Replays a ``CostWorkload`` through a ``CachedClient`` in one ``CostBenchConfiguration``, against a fresh
/// provider simulator and a fresh store, and measures what it cost.
struct CostBenchRunner {
    var workload: CostWorkload
    var pricing: PricingTable
    var routing: RoutingConfig
    var embedder: any Embedder
    var threshold: Float
    var logger: Logger

    /// Runs `configuration` from a cold start and returns its figures.
    func run(_ configuration: CostBenchConfiguration) async throws -> CostBenchResult {
        let simulator = ProviderSimulator()
        try await simulator.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "llmcache-bench-cost-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let result = try await replay(configuration, simulator: simulator, directory: directory)
            await simulator.stop()
            return result
        } catch {
            await simulator.stop()
            throw error
        }
    }

    private func replay(
        _ configuration: CostBenchConfiguration, simulator: ProviderSimulator, directory: URL
    ) async throws -> CostBenchResult {
        guard let base = simulator.baseURL else { throw SimulatorNotListening() }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: directory.appendingPathComponent("cache.sqlite").path, logger: logger)
        var semantic: SemanticCache?
        if configuration.usesSemantic {
            var settings = SemanticCacheConfiguration()
            settings.threshold = threshold
            settings.embeddingTimeout = .seconds(30)
            semantic = try await SemanticCache.open(
                store: store, embedder: embedder, configuration: settings, logger: logger)
        }
        var settings = CachedClientConfiguration()
        settings.exact.enabled = configuration.usesExact
        settings.promptCaching = configuration.usesPromptCaching ? .on() : .off
        let gate = BudgetGate(limits: BudgetLimits(), ledger: InMemoryCostLedger(), logger: logger)
        let client = CachedClient(
            upstream: SimulatorUpstream(baseURL: base, logger: logger), store: store, semantic: semantic,
            configuration: settings, costGuard: CostGuard(pricing: pricing, gate: gate, logger: logger),
            router: configuration.usesRouting ? ModelRouter(config: routing, pricing: pricing, logger: logger) : nil,
            logger: logger)

        var result = CostBenchResult(
            configuration: configuration, calls: workload.calls.count, spentMicros: 0, upstreamCalls: 0,
            exactHits: 0, semanticHits: 0, cacheReadTokens: 0, cacheWriteTokens: 0, p50LatencyMs: 0,
            p95LatencyMs: 0, totalSeconds: 0)
        var latencies: [Double] = []
        let clock = ContinuousClock()
        let started = clock.now
        for call in workload.calls {
            let before = clock.now
            let answer = try await client.send(call.request, cache: CacheControls(routing: call.routing))
            latencies.append((clock.now - before) / .milliseconds(1))
            result.spentMicros += answer.cache.cost?.rawValue ?? 0
            switch (answer.cache.outcome, answer.cache.layer) {
            case (.hit, .exact): result.exactHits += 1
            case (.hit, .semantic): result.semanticHits += 1
            default:
                result.cacheReadTokens += answer.response.usage.cacheReadInputTokens
                result.cacheWriteTokens += answer.response.usage.cacheWriteInputTokens
            }
        }
        result.totalSeconds = (clock.now - started) / .seconds(1)
        result.upstreamCalls =
            simulator.requests(on: ProviderSimulator.Route.messages)
            + simulator.requests(on: ProviderSimulator.Route.chatCompletions)
        latencies.sort()
        result.p50LatencyMs = NearestRank.percentile(50, of: latencies) ?? 0
        result.p95LatencyMs = NearestRank.percentile(95, of: latencies) ?? 0
        try await store.close()
        return result
    }
}

/// The simulator started but reports no address.
struct SimulatorNotListening: Error, CustomStringConvertible {
    var description: String { "the provider simulator started but reports no address" }
}

/// Sends each request to the simulator in its provider's wire format.
private struct SimulatorUpstream: LLMTransport {
    let baseURL: String
    let logger: Logger

    /// Any provider the simulator speaks: each workload request names its own.
    var provider: ProviderID? { nil }

    func send(_ request: LLMRequest) async throws -> LLMResponse {
        let provider = try request.namedProvider()
        // The simulator serves each format at the path its provider's SDKs use.
        let base: String
        switch try ProviderProfile.named(provider).wireFormat {
        case .anthropicMessages: base = baseURL
        case .openAIChat, .openAIResponses: base = baseURL + "/v1"
        }
        return try await ProviderTransports.transport(
            for: provider, baseURL: base, apiKey: nil, timeout: .seconds(60), logger: logger
        ).send(request)
    }
}
