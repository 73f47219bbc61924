import CacheStore
import CostControl
import Foundation
import LLMCache
import Prometheus

/// The proxy's Prometheus series, on a ``Prometheus/PrometheusCollectorRegistry``:
///
/// - `llmcache_proxy_requests_total{route,status}`: requests answered.
/// - `llmcache_proxy_cache_results_total{result}`: `hit-exact`, `hit-semantic`, `miss`, `bypass`.
/// - `llmcache_proxy_request_duration_seconds{route,cache}`: latency histogram.
/// - `llmcache_proxy_tokens_total{kind,source}`: input and output tokens, from upstream or served from cache.
/// - `llmcache_proxy_spent_usd_total` and `llmcache_proxy_saved_usd_total`: money spent upstream and saved by hits.
/// - `llmcache_layer_events{layer,event}`: each cache layer's hits, misses, bypasses and failures, from the
///   store's counters (so they include every process that shares the database), read at scrape time.
/// - `llmcache_budget_remaining_usd{cap}` and `llmcache_budget_spent_usd{cap}`: the daily and run caps, read
///   at scrape time.
final class ProxyMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let spent: Counter
    private let saved: Counter

    static let latencyBuckets: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
    ]

    init() {
        spent = registry.makeCounter(name: "llmcache_proxy_spent_usd_total")
        saved = registry.makeCounter(name: "llmcache_proxy_saved_usd_total")
    }

    /// Records one answered request.
    func request(route: String, status: Int, cache: String?, seconds: Double) {
        registry.makeCounter(
            name: "llmcache_proxy_requests_total", labels: [("route", route), ("status", String(status))]
        ).increment()
        registry.makeValueHistogram(
            name: "llmcache_proxy_request_duration_seconds", labels: [("route", route), ("cache", cache ?? "none")],
            buckets: Self.latencyBuckets
        ).record(seconds)
    }

    /// Records what the cache did for an answer with `input` and `output` tokens.
    func answer(_ cache: CacheMetadata, inputTokens: Int, outputTokens: Int) {
        let label = CacheResponseHeaders.label(cache)
        registry.makeCounter(name: "llmcache_proxy_cache_results_total", labels: [("result", label)]).increment()
        let source = cache.outcome == .hit ? "cache" : "upstream"
        registry.makeCounter(name: "llmcache_proxy_tokens_total", labels: [("kind", "input"), ("source", source)])
            .increment(by: Int64(inputTokens))
        registry.makeCounter(name: "llmcache_proxy_tokens_total", labels: [("kind", "output"), ("source", source)])
            .increment(by: Int64(outputTokens))
        if let cost = cache.costMicros, cost > 0 { spent.increment(by: Double(cost) / 1_000_000) }
        if let savedMicros = cache.savedMicros, savedMicros > 0 { saved.increment(by: Double(savedMicros) / 1_000_000) }
    }

    /// Refreshes the series read at scrape time, then writes every series in Prometheus text format.
    func scrape(store: CacheStore, gate: BudgetGate?) async -> [UInt8] {
        if let statistics = try? await store.statistics() {
            registry.makeGauge(name: "llmcache_cache_entries").set(to: Double(statistics.entries))
            for (layer, counters) in statistics.layers {
                let events: [(String, Int64)] = [
                    ("hits", counters.hits), ("misses", counters.misses), ("bypasses", counters.bypasses),
                    ("failures", counters.failures),
                ]
                for (event, value) in events {
                    registry.makeGauge(name: "llmcache_layer_events", labels: [("layer", layer), ("event", event)])
                        .set(to: Double(value))
                }
            }
        }
        if let gate {
            let limits = await gate.limits
            let today = (try? await gate.spentToday()) ?? .zero
            let run = await gate.spentThisRun
            for (cap, limit, spentSoFar) in [("daily", limits.dailyCap, today), ("run", limits.runCap, run)] {
                registry.makeGauge(name: "llmcache_budget_spent_usd", labels: [("cap", cap)])
                    .set(to: Double(spentSoFar.rawValue) / 1_000_000)
                if let limit {
                    registry.makeGauge(name: "llmcache_budget_remaining_usd", labels: [("cap", cap)])
                        .set(to: Double(max(0, limit.rawValue - spentSoFar.rawValue)) / 1_000_000)
                }
            }
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
