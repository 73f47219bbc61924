import ArgumentParser
import CacheStorage
import CostControl
import Foundation
import LLMCache
import LLMCore
import Providers

/// What the batch subcommands need to build a client: the database, the provider roots, prices and caps.
struct BatchClientOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOption

    @Option(name: .long, help: "Anthropic's API root (default https://api.anthropic.com).")
    var anthropicBaseUrl: String = "https://api.anthropic.com"

    @Option(name: .long, help: "The OpenAI-compatible API root with its version (default https://api.openai.com/v1).")
    var openaiBaseUrl: String = "https://api.openai.com/v1"

    @Option(help: "The pricing file (default: data/pricing.json, see `cachectl pricing`).")
    var pricing: String?

    @Option(
        name: .customLong("daily-cap-usd"),
        help:
            "Refuse a batch whose estimate would take today's spend (in this database's ledger) past this many dollars."
    )
    var dailyCapUSD: Double?

    /// A client of `provider` over `store`, pricing at the batch rates and booking into the store's ledger.
    func client(for provider: ProviderID, store: any CacheStorage) throws -> CachedClient {
        let upstream: any LLMTransport
        switch provider {
        case .anthropic:
            upstream = AnthropicTransport(configuration: .init(baseURL: anthropicBaseUrl))
        case .openAI:
            upstream = OpenAIChatTransport(configuration: .init(baseURL: openaiBaseUrl))
        default:
            throw ValidationError("batches go to anthropic or openai, not \(provider)")
        }
        let pricingURL = try pricing.map { URL(fileURLWithPath: $0) } ?? PricingFileLocator.locate()
        var limits = BudgetLimits()
        if let dailyCapUSD {
            guard dailyCapUSD.isFinite, dailyCapUSD >= 0 else {
                throw ValidationError("--daily-cap-usd must be a number of dollars of zero or more")
            }
            limits.dailyCap = MicroDollars(Int64(saturating: (dailyCapUSD * 1_000_000).rounded()))
        }
        let gate = BudgetGate(limits: limits, ledger: StoreCostLedger(store: store))
        return CachedClient(
            upstream: upstream, store: store,
            costGuard: CostGuard(pricing: try PricingTable.load(contentsOf: pricingURL), gate: gate))
    }

    /// The client for the stored job `id`: of the provider the job went to.
    func client(forJob id: String, store: any CacheStorage) async throws -> CachedClient {
        guard let job = try await store.batch(id: id) else {
            throw ValidationError(
                "no batch job '\(id)' in \(database.resolvedPath); `cachectl batch list` shows the jobs")
        }
        return try client(for: job.provider, store: store)
    }
}
