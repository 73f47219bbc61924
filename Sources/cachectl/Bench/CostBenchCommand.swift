import ArgumentParser
import CostControl
import Embeddings
import Foundation
import LLMCache
import LLMCore
import Logging
import SemanticCache

/// `cachectl bench cost`: replays a workload through the whole pipeline against the provider simulator,
/// once per configuration, and compares the money spent.
struct CostBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Replay a workload against the provider simulator and compare the money each optimisation saves.",
        discussion: """
            Each configuration starts cold (a new store, a new simulator) and replays every call in order: \
            none (every call to the model it names), each lever alone (exact, semantic, prompt-caching, \
            routing, batch, token-budgets), all (the caches and the router together) and all-levers (all, \
            cache-first batches and token budgets). Money is priced from the pricing file, with prompt-cache \
            writes and reads at their own rates and batched calls at the batch rates.

            The workload is JSON Lines. Named texts: {"type":"text","name":"handbook","text":"…"}. Calls: \
            {"type":"call","model":"claude-sonnet-4-5","prompt":"…"} with optional "system" and "document" \
            (names of earlier texts), "conversation" (the name of an earlier \
            {"type":"conversation","name":"…","turns":[{"role":"user","text":"…"},…]} line, whose turns go \
            before the prompt), "max_tokens" (256), "temperature" (0), the routing hints "items" (1) and \
            "deep_reasoning" (false), "latency_tolerant" (false: the batch configurations send such calls as \
            one provider batch, cache first) and "feature" (a cost tag; the token budgets trim the history of \
            feature "chat" to 2,000 input tokens). Without --workload the shipped data/\(Self.shippedWorkload) is \
            used (its recipe: scripts/make-cost-workload.py).
            """)

    static let shippedWorkload = "cost-workload.jsonl"

    @Option(help: "The workload file (default: the shipped data/\(CostBenchCommand.shippedWorkload)).")
    var workload: String?
    @Option(help: "The semantic layer's embedder: minilm (all-MiniLM-L6-v2) or lexical.")
    var embedder: EmbedderKind = .minilm
    @Option(help: "The semantic threshold (default: the library's, 0.98).", transform: ThresholdArgument.parse)
    var threshold: Float = SemanticCacheConfiguration().threshold
    @Option(help: "The pricing file (default: found as `cachectl pricing` finds it).")
    var pricing: String?
    @Option(help: "The router's tiers (default: data/routing.json beside the pricing file).")
    var routing: String?
    @Option(
        name: .customLong("only"), parsing: .upToNextOption,
        help:
            "Run only these configurations: \(CostBenchConfiguration.allCases.map(\.rawValue).joined(separator: ", "))."
    )
    var only: [CostBenchConfiguration] = []
    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let workloadPath = try workload ?? ShippedDataFile.locate(Self.shippedWorkload, option: "--workload")
        let calls = try CostWorkload.load(path: workloadPath)
        let pricingURL = try pricing.map { URL(fileURLWithPath: $0) } ?? PricingFileLocator.locate()
        let table = try PricingTable.load(contentsOf: pricingURL)
        let routingURL =
            routing.map { URL(fileURLWithPath: $0) }
            ?? pricingURL.deletingLastPathComponent().appendingPathComponent("routing.json")
        var logger = Logger(label: "llmcache.bench.cost")
        logger.logLevel = .error
        let runner = CostBenchRunner(
            workload: calls, pricing: table, routing: try RoutingConfig.load(contentsOf: routingURL, pricing: table),
            embedder: try embedder.make(), threshold: threshold, logger: logger)

        var results: [CostBenchResult] = []
        let chosen = only.isEmpty ? CostBenchConfiguration.allCases : only
        for configuration in chosen {
            if !json { FileHandle.standardError.write(Data("running \(configuration.rawValue)…\n".utf8)) }
            results.append(try await runner.run(configuration))
        }
        if let baseline = results.first(where: { $0.configuration == .none }), baseline.spentMicros > 0 {
            for index in results.indices where results[index].configuration != .none {
                let saved = Double(baseline.spentMicros - results[index].spentMicros) / Double(baseline.spentMicros)
                results[index].savedPercent = (saved * 1000).rounded() / 10
            }
        }
        if json {
            print(
                try Formatting.json(
                    CostBenchReport(
                        workload: workloadPath, embedder: embedder.rawValue, threshold: threshold, results: results)))
        } else {
            print(Self.render(results))
            print(
                "\nWorkload: \(workloadPath) (\(calls.calls.count) calls). Semantic layer: \(embedder.rawValue), "
                    + "threshold \(threshold). Upstream: the provider simulator on loopback.")
        }
    }

    static func render(_ results: [CostBenchResult]) -> String {
        var table = TextTable([
            ("Configuration", .left), ("Spent", .right), ("Saved", .right), ("Upstream calls", .right),
            ("Exact hits", .right), ("Semantic hits", .right), ("Cache-read tokens", .right), ("Batched", .right),
            ("Trimmed", .right), ("p50", .right), ("p95", .right),
        ])
        for result in results {
            table.append([
                result.configuration.rawValue, Formatting.money(micros: result.spentMicros),
                result.savedPercent.map { String(format: "%.1f %%", $0) } ?? "-", "\(result.upstreamCalls)",
                "\(result.exactHits)", "\(result.semanticHits)", Formatting.count(Int64(result.cacheReadTokens)),
                "\(result.batchedCalls)", "\(result.trimmedCalls)", String(format: "%.1f ms", result.p50LatencyMs),
                String(format: "%.1f ms", result.p95LatencyMs),
            ])
        }
        return table.rendered
    }
}

extension CostBenchConfiguration: ExpressibleByArgument {}
