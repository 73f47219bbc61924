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
import Synchronization

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The shipped price table, `data/pricing.json`.
func shippedPricing() throws -> PricingTable {
    try PricingTable.load(contentsOf: packageRoot.appendingPathComponent("data/pricing.json"))
}

/// The waits a retry executor asked for, recorded instead of slept.
final class RecordedWaits: Sendable {
    private let values = Mutex<[Duration]>([])
    func append(_ wait: Duration) { values.withLock { $0.append(wait) } }
    var all: [Duration] { values.withLock { $0 } }
}

/// One end-to-end setup: a provider simulator on loopback, a real transport pointed at it, a cache store in
/// a temporary directory, and a cost guard over `data/pricing.json` whose retries record their waits.
struct EndToEnd: Sendable {
    let simulator: ProviderSimulator
    let directory: URL
    let store: SQLiteStore
    let pricing: PricingTable
    let gate: BudgetGate
    let waits: RecordedWaits
    let client: CachedClient

    /// The options of one setup.
    struct Options {
        var provider: ProviderID = .anthropic
        var limits = BudgetLimits()
        var maxRetries = 3
        var embedder: (any Embedder)? = nil
        var threshold: Float = 0.8
        var simulator = SimulatorConfiguration()
        var configure: @Sendable (inout CachedClientConfiguration) -> Void = { _ in }
    }

    /// The route the setup's provider is served on.
    var route: String {
        client.upstream is OpenAIChatTransport
            ? ProviderSimulator.Route.chatCompletions : ProviderSimulator.Route.messages
    }

    /// Upstream requests the simulator received on the provider's route.
    var upstreamRequests: Int { simulator.requests(on: route) }

    /// Entries in the store.
    func storedEntries() async throws -> Int { try await store.statistics().entries }
}

/// A logger for the expected failures the tests provoke: errors only.
func quietLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .error
    return logger
}

/// The simulator started but reports no address.
struct NotListening: Error {}

/// Runs `body` against a fresh setup and always stops the simulator and removes the directory.
func withEndToEnd<T: Sendable>(
    _ options: EndToEnd.Options = EndToEnd.Options(), _ body: (EndToEnd) async throws -> T
) async throws -> T {
    let simulator = ProviderSimulator(configuration: options.simulator)
    try await simulator.start()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-e2e-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    do {
        guard let base = simulator.baseURL else { throw NotListening() }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: directory.appendingPathComponent("cache.sqlite").path)
        let pricing = try shippedPricing()
        let waits = RecordedWaits()
        let retry = RetryExecutor(
            policy: RetryPolicy(maxRetries: options.maxRetries, initialBackoff: .milliseconds(100), jitter: 0),
            sleep: { wait in waits.append(wait) }, logger: quietLogger("e2e.retry"))
        let gate = BudgetGate(
            limits: options.limits, ledger: StoreCostLedger(store: store), logger: quietLogger("e2e.budget"))
        let upstream: any LLMTransport =
            switch options.provider {
            case .openAI:
                OpenAIChatTransport(
                    configuration: .init(baseURL: base + "/v1", apiKey: nil, timeout: .seconds(60)),
                    logger: Logger(label: "e2e.openai"))
            default:
                AnthropicTransport(
                    configuration: .init(baseURL: base, apiKey: nil, timeout: .seconds(60)),
                    logger: Logger(label: "e2e.anthropic"))
            }
        var semantic: SemanticCache?
        if let embedder = options.embedder {
            var semanticConfiguration = SemanticCacheConfiguration()
            semanticConfiguration.threshold = options.threshold
            // Generous: the machine may be busy, and a slow embedding must not turn a hit into a miss.
            semanticConfiguration.embeddingTimeout = .seconds(30)
            semantic = try await SemanticCache.open(
                store: store, embedder: embedder, configuration: semanticConfiguration)
        }
        var configuration = CachedClientConfiguration()
        options.configure(&configuration)
        let client = CachedClient(
            upstream: upstream, store: store, semantic: semantic, configuration: configuration,
            costGuard: CostGuard(pricing: pricing, gate: gate, retry: retry))
        let setup = EndToEnd(
            simulator: simulator, directory: directory, store: store, pricing: pricing, gate: gate, waits: waits,
            client: client)
        let result = try await body(setup)
        await simulator.stop()
        return result
    } catch {
        await simulator.stop()
        throw error
    }
}

/// A deterministic one-question request.
func ask(
    _ text: String, system: String = "Be brief.", provider: ProviderID = .anthropic,
    model: String = "claude-haiku-4-5", temperature: Double? = 0, maxTokens: Int = 100
) -> LLMRequest {
    LLMRequest(
        provider: provider, model: model, system: [TextBlock(system)], messages: [.user(text)], maxTokens: maxTokens,
        temperature: temperature)
}

/// Text of about `tokens` Anthropic tokens (3.5 bytes each).
func longText(tokens: Int, seed: String = "policy") -> String {
    let sentence = "Section on the \(seed) handbook: every clause applies to every request we answer. "
    var text = ""
    while Double(text.utf8.count) / 3.5 < Double(tokens) { text += sentence }
    return text
}

/// The canonical JSON text of a body the simulator received.
func jsonText(_ value: JSONValue?) -> String {
    guard let value, let bytes = try? CanonicalJSON.encode(value) else { return "" }
    return String(decoding: bytes, as: UTF8.self)
}
