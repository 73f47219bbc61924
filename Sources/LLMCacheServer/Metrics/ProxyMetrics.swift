import CacheStorage
import CostControl
import Foundation
import LLMCache
import Prometheus
import Synchronization
import WireFormats

/// The proxy's Prometheus series, on a ``Prometheus/PrometheusCollectorRegistry``:
///
/// - `llmcache_proxy_requests_total{route,status}`: requests answered, also refusals (`unmatched` for a path
///   the proxy does not serve, `malformed` for a request head that could not be parsed).
/// - `llmcache_proxy_cache_results_total{result}`: `hit-exact`, `hit-semantic`, `miss`, `bypass`.
/// - `llmcache_proxy_request_duration_seconds{route,cache}`: latency histogram.
/// - `llmcache_proxy_tokens_total{kind,source}`: input and output tokens, from upstream or served from cache.
/// - `llmcache_proxy_spent_usd_total` and `llmcache_proxy_saved_usd_total`: money spent upstream and saved by hits.
/// - `llmcache_layer_events_total{layer,event}` (a counter): each cache layer's hits, misses, bypasses and failures, from the
///   store's counters (so they include every process that shares the database), read at scrape time.
/// - `llmcache_store_available` (1 or 0) and `llmcache_store_failed_operations_total` (a counter): whether the cache database
///   answers, and how many operations failed because it could not be reached (read at scrape time, so they
///   report an outage while the database's own counters cannot be read).
/// - `llmcache_budget_remaining_usd{cap}` and `llmcache_budget_spent_usd{cap}`: the daily and run caps, read
///   at scrape time; `llmcache_budget_alerts_total{cap,level}`: their alerts raised.
/// - `llmcache_budget_tag_spent_usd{tag,cap}`, `llmcache_budget_tag_remaining_usd{tag,cap}` and
///   `llmcache_budget_tag_alerts_total{tag,cap,level}`: the same for the caps of each cost tag.
final class ProxyMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    /// The last value of each count read at scrape time, by series and labels.
    private let lastSeen = Mutex<[String: Int64]>([:])
    private let spent: Counter
    private let saved: Counter

    static let latencyBuckets: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
    ]

    init() {
        spent = registry.makeCounter(descriptor: Series.spent)
        saved = registry.makeCounter(descriptor: Series.saved)
    }

    /// The paths that are counted under their own name; every other path is `unmatched`.
    static let knownRoutes: Set<String> = [
        ProxyService.messagesRoute, ProxyService.chatRoute, EmbeddingsRoute.route, CountTokensRoute.route,
        "/healthz", "/metrics",
        "/admin/stats", "/admin/purge",
    ]

    /// Records one answered request.
    func request(route: String, status: Int, cache: String?, seconds: Double) {
        registry.makeCounter(
            descriptor: Series.requests, labels: [("route", route), ("status", String(status))]
        ).increment()
        registry.makeValueHistogram(
            descriptor: Series.duration, labels: [("route", route), ("cache", cache ?? "none")],
            buckets: Self.latencyBuckets
        ).record(seconds)
    }

    /// Records what the cache did for an answer with `input` and `output` tokens.
    func answer(_ cache: CacheMetadata, inputTokens: Int, outputTokens: Int) {
        let label = CacheResponseHeaders.label(cache)
        registry.makeCounter(descriptor: Series.cacheResults, labels: [("result", label)]).increment()
        let source = cache.outcome == .hit ? "cache" : "upstream"
        registry.makeCounter(descriptor: Series.tokens, labels: [("kind", "input"), ("source", source)])
            .increment(by: Int64(inputTokens))
        registry.makeCounter(descriptor: Series.tokens, labels: [("kind", "output"), ("source", source)])
            .increment(by: Int64(outputTokens))
        if let cost = cache.cost?.rawValue, cost > 0 { spent.increment(by: Double(cost) / 1_000_000) }
        if let amount = cache.saved?.rawValue, amount > 0 { saved.increment(by: Double(amount) / 1_000_000) }
    }

    /// Moves the counter `descriptor` with `labels` up to `value`, a monotonic count read from elsewhere (the
    /// database's counters, the store's failures): a Prometheus counter can only be increased, so it grows by
    /// what `value` grew since the last scrape. A smaller value (the counts were reset) starts again from it.
    private func advance(_ descriptor: MetricNameDescriptor, labels: [(String, String)], to value: Int64) {
        let name = descriptor.metricName + labels.map { "\u{1F}\($0.0)=\($0.1)" }.joined()
        let delta = lastSeen.withLock { seen -> Int64 in
            let previous = seen[name] ?? 0
            seen[name] = value
            return value >= previous ? value - previous : 0
        }
        let counter = registry.makeCounter(descriptor: descriptor, labels: labels)
        if delta > 0 { counter.increment(by: delta) }
    }

    /// Refreshes the series of the caps of each cost tag: spend, what is left and alerts raised.
    private func scrapeTagCaps(of gate: BudgetGate, limits: BudgetLimits) async {
        for (tag, caps) in limits.tagCaps.sorted(by: { $0.key < $1.key }) {
            let today = (try? await gate.spentToday(tag: tag)) ?? .zero
            let run = await gate.spentThisRun(tag: tag)
            for (cap, limit, spentSoFar) in [("daily", caps.dailyCap, today), ("run", caps.runCap, run)] {
                let labels = [("tag", "\(tag)"), ("cap", cap)]
                registry.makeGauge(descriptor: Series.tagBudgetSpent, labels: labels)
                    .set(to: Double(spentSoFar.rawValue) / 1_000_000)
                if let limit {
                    registry.makeGauge(descriptor: Series.tagBudgetRemaining, labels: labels)
                        .set(to: Double(max(0, limit.rawValue - spentSoFar.rawValue)) / 1_000_000)
                }
            }
        }
        for (tag, counts) in await gate.raisedTagAlerts {
            for (key, count) in counts {
                let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                advance(
                    Series.tagBudgetAlerts, labels: [("tag", "\(tag)"), ("cap", parts[0]), ("level", parts[1])],
                    to: Int64(count))
            }
        }
    }

    /// Refreshes the series read at scrape time, then writes every series in Prometheus text format.
    func scrape(store: any CacheStorage, gate: BudgetGate?, rateLimiter: RateLimiter? = nil) async -> [UInt8] {
        let availability = store.availability
        registry.makeGauge(descriptor: Series.storeAvailable).set(to: availability.isAvailable ? 1 : 0)
        advance(Series.storeFailures, labels: [], to: Int64(availability.failures))
        if let statistics = try? await store.statistics() {
            registry.makeGauge(descriptor: Series.entries).set(to: Double(statistics.entries))
            for (layer, counters) in statistics.layers {
                let events: [(String, Int64)] = [
                    ("hits", counters.hits), ("misses", counters.misses), ("bypasses", counters.bypasses),
                    ("failures", counters.failures),
                ]
                for (event, value) in events {
                    advance(Series.layerEvents, labels: [("layer", layer), ("event", event)], to: value)
                }
            }
        }
        if let gate {
            let limits = await gate.limits
            let today = (try? await gate.spentToday()) ?? .zero
            let run = await gate.spentThisRun
            for (cap, limit, spentSoFar) in [("daily", limits.dailyCap, today), ("run", limits.runCap, run)] {
                registry.makeGauge(descriptor: Series.budgetSpent, labels: [("cap", cap)])
                    .set(to: Double(spentSoFar.rawValue) / 1_000_000)
                if let limit {
                    registry.makeGauge(descriptor: Series.budgetRemaining, labels: [("cap", cap)])
                        .set(to: Double(max(0, limit.rawValue - spentSoFar.rawValue)) / 1_000_000)
                }
            }
            for (key, count) in await gate.raisedAlerts {
                let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                advance(Series.budgetAlerts, labels: [("cap", parts[0]), ("level", parts[1])], to: Int64(count))
            }
            await scrapeTagCaps(of: gate, limits: limits)
        }
        if let rateLimiter {
            advance(Series.rateLimited, labels: [("outcome", "refused")], to: Int64(await rateLimiter.refused))
            advance(Series.rateLimited, labels: [("outcome", "delayed")], to: Int64(await rateLimiter.delayed))
            if rateLimiter.shared != nil {
                advance(
                    Series.rateLimited, labels: [("outcome", "store_unavailable")],
                    to: Int64(await rateLimiter.unshared))
            }
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

/// The proxy's series: names and help texts.
/// The proxy's series: names and help texts (computed: `MetricNameDescriptor` is not `Sendable`).
private enum Series {
    static func named(_ subsystem: String?, _ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "llmcache", subsystem: subsystem, metricName: name, unitName: unit, helpText: help)
    }

    static var requests: MetricNameDescriptor {
        named("proxy", "requests", "total", "Model and other requests answered, by route and status.")
    }
    static var duration: MetricNameDescriptor {
        named(
            "proxy", "request_duration", "seconds", "Time to answer a model call, by route and cache result.")
    }
    static var cacheResults: MetricNameDescriptor {
        named(
            "proxy", "cache_results", "total", "Answers by cache result: hit-exact, hit-semantic, miss, bypass.")
    }
    static var tokens: MetricNameDescriptor {
        named(
            "proxy", "tokens", "total",
            "Tokens of answered calls, by kind (input, output) and source (cache, upstream).")
    }
    static var spent: MetricNameDescriptor {
        named("proxy", "spent_usd", "total", "Money spent at the providers, in USD.")
    }
    static var saved: MetricNameDescriptor { named("proxy", "saved_usd", "total", "Money the caches saved, in USD.") }
    static var storeAvailable: MetricNameDescriptor {
        named(nil, "store", "available", "1 while the cache database answers, 0 while it cannot be reached.")
    }
    static var storeFailures: MetricNameDescriptor {
        named(
            nil, "store_failed_operations", "total",
            "Database operations that failed because the cache database could not be reached, since start.")
    }
    static var entries: MetricNameDescriptor { named(nil, "cache", "entries", "Entries in the cache database.") }
    static var layerEvents: MetricNameDescriptor {
        named(
            nil, "layer_events", "total",
            "Hits, misses, bypasses and failures per cache layer, from the database (every process sharing it).")
    }
    static var budgetSpent: MetricNameDescriptor {
        named("budget", "spent", "usd", "Money spent against each budget cap, in USD.")
    }
    static var budgetRemaining: MetricNameDescriptor {
        named("budget", "remaining", "usd", "Money left under each budget cap, in USD.")
    }

    static var rateLimited: MetricNameDescriptor {
        named(
            "rate_limit", "calls", "total",
            "Upstream calls over a rate (refused, or delayed until there was room), and calls decided without the "
                + "shared rate store because it could not be reached (store_unavailable).")
    }

    static var budgetAlerts: MetricNameDescriptor {
        named("budget", "alerts", "total", "Budget alerts raised, by cap and level (a share of the cap, or soft).")
    }

    static var tagBudgetSpent: MetricNameDescriptor {
        named("budget", "tag_spent", "usd", "Money spent by the calls of each capped cost tag, by tag and cap, in USD.")
    }
    static var tagBudgetRemaining: MetricNameDescriptor {
        named("budget", "tag_remaining", "usd", "Money left under each cost tag's caps, by tag and cap, in USD.")
    }
    static var tagBudgetAlerts: MetricNameDescriptor {
        named(
            "budget", "tag_alerts", "total",
            "Budget alerts of cost tags' caps raised, by tag, cap and level (a share of the cap, or soft).")
    }
}
