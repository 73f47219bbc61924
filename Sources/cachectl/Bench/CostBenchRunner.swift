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
        let simulator = ProviderSimulator(
            configuration: SimulatorConfiguration(batchCompletionTime: .milliseconds(200)))
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
            configuration: settings,
            costGuard: CostGuard(
                pricing: pricing, gate: gate, tokenLimits: configuration.usesTokenBudgets ? Self.tokenBudgets : nil,
                logger: logger),
            router: configuration.usesRouting ? ModelRouter(config: routing, pricing: pricing, logger: logger) : nil,
            logger: logger)

        var result = CostBenchResult(
            configuration: configuration, calls: workload.calls.count, spentMicros: 0, upstreamCalls: 0,
            exactHits: 0, semanticHits: 0, cacheReadTokens: 0, cacheWriteTokens: 0, p50LatencyMs: 0,
            p95LatencyMs: 0, totalSeconds: 0)
        var latencies: [Double] = []
        var deferred: [CostWorkload.Call] = []
        let clock = ContinuousClock()
        let started = clock.now
        for call in workload.calls {
            if configuration.usesBatch && call.latencyTolerant {
                deferred.append(call)
                continue
            }
            let before = clock.now
            let answer = try await client.send(
                call.request, cache: CacheControls(costTags: call.costTags, routing: call.routing))
            latencies.append((clock.now - before) / .milliseconds(1))
            result.count(answer)
        }
        if !deferred.isEmpty {
            // The latency-tolerant calls, cache first, as one batch once the interactive ones are done.
            let before = clock.now
            let answers = try await client.batch(
                deferred.map(\.request), cache: CacheControls(costTags: deferred[0].costTags),
                polling: BatchPolling(initialInterval: .milliseconds(50), maximumInterval: .milliseconds(200)))
            let waited = (clock.now - before) / .milliseconds(1)
            for answer in answers {
                latencies.append(waited)
                guard let cached = answer.answer else { throw BatchItemLost(failure: answer.failure) }
                result.count(cached)
                if case .batchResult = answer.outcome { result.batchedCalls += 1 }
            }
        }
        result.totalSeconds = (clock.now - started) / .seconds(1)
        result.upstreamCalls =
            simulator.requests(on: ProviderSimulator.Route.messages)
            + simulator.requests(on: ProviderSimulator.Route.chatCompletions)
            + simulator.requests(on: ProviderSimulator.Route.batchItem)
        latencies.sort()
        result.p50LatencyMs = NearestRank.percentile(50, of: latencies) ?? 0
        result.p95LatencyMs = NearestRank.percentile(95, of: latencies) ?? 0
        try await store.close()
        return result
    }
}

/// The token budgets of the `token-budgets` configuration: a chat's history is trimmed (oldest turns first,
/// the system prompt and the last turns kept) to fit 2,000 input tokens.
extension CostBenchRunner {
    static let tokenBudgets = TokenLimits(maxInputTokensByTag: ["feature=chat": 2_000], whenOverInput: .trimHistory)
}

extension CostBenchResult {
    /// Adds one answer's cost, hits and prompt-cache tokens.
    mutating func count(_ answer: CachedResponse) {
        spentMicros += answer.cache.cost?.rawValue ?? 0
        if (answer.cache.tokenAdjustment?.droppedMessages ?? 0) > 0 { trimmedCalls += 1 }
        switch (answer.cache.outcome, answer.cache.layer) {
        case (.hit, .exact): exactHits += 1
        case (.hit, .semantic): semanticHits += 1
        default:
            cacheReadTokens += answer.response.usage.cacheReadInputTokens
            cacheWriteTokens += answer.response.usage.cacheWriteInputTokens
        }
    }
}

/// A batched call came back without an answer.
struct BatchItemLost: Error, CustomStringConvertible {
    var failure: BatchItemFailure?
    var description: String { "a batched call has no answer: \(failure.map { "\($0)" } ?? "unknown")" }
}

/// The simulator started but reports no address.
struct SimulatorNotListening: Error, CustomStringConvertible {
    var description: String { "the provider simulator started but reports no address" }
}

/// Sends each request to the simulator in its provider's wire format; batches go to the provider's batch
/// endpoints, under ids that name the provider (`anthropic:msgbatch_…`).
private struct SimulatorUpstream: LLMBatchTransport {
    let baseURL: String
    let logger: Logger

    /// Any provider the simulator speaks: each workload request names its own.
    var provider: ProviderID? { nil }

    func send(_ request: LLMRequest) async throws -> LLMResponse {
        try await transport(for: request.namedProvider()).send(request)
    }

    private var batches: ProviderRoutedBatches {
        ProviderRoutedBatches { [self] provider in
            guard let batches = try transport(for: provider) as? any LLMBatchTransport else {
                throw UnknownProviderError(provider)
            }
            return batches
        }
    }

    func submitBatch(_ items: [BatchItem]) async throws -> ProviderBatchStatus {
        try await batches.submitBatch(items)
    }

    func batchStatus(id: String) async throws -> ProviderBatchStatus { try await batches.batchStatus(id: id) }

    func batchResults(id: String) async throws -> [BatchItemResult] { try await batches.batchResults(id: id) }

    func cancelBatch(id: String) async throws -> ProviderBatchStatus { try await batches.cancelBatch(id: id) }

    /// The transport of `provider`, at the path its SDKs use on the simulator.
    private func transport(for provider: ProviderID) throws -> any StreamingLLMTransport {
        let base: String
        switch try ProviderProfile.named(provider).wireFormat {
        case .anthropicMessages: base = baseURL
        case .openAIChat, .openAIResponses: base = baseURL + "/v1"
        }
        return try ProviderTransports.transport(
            for: provider, baseURL: base, apiKey: nil, timeout: .seconds(60), logger: logger)
    }
}
