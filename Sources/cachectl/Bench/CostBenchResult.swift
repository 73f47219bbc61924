/// What one configuration of `cachectl bench cost` spent and did.
struct CostBenchResult: Codable, Sendable {
    /// The configuration.
    var configuration: CostBenchConfiguration
    /// Calls replayed.
    var calls: Int
    /// Money spent at the provider, in micro-dollars (cache writes and reads at their own rates).
    var spentMicros: Int64
    /// The saving against the `none` configuration, in percent (`nil` for `none` itself).
    var savedPercent: Double?
    /// Calls that reached the provider.
    var upstreamCalls: Int
    /// Calls answered by the exact cache.
    var exactHits: Int
    /// Calls answered by the semantic cache.
    var semanticHits: Int
    /// Input tokens the provider served from its prompt cache.
    var cacheReadTokens: Int
    /// Input tokens written to the provider's prompt cache.
    var cacheWriteTokens: Int
    /// Calls the provider answered in a batch.
    var batchedCalls: Int = 0
    /// Calls the token budgets trimmed before they were sent.
    var trimmedCalls: Int = 0
    /// Median latency of a call through the client, in milliseconds (a batched call: its batch's time).
    var p50LatencyMs: Double
    /// 95th-percentile latency, in milliseconds.
    var p95LatencyMs: Double
    /// Wall-clock time of the whole replay, in seconds.
    var totalSeconds: Double

    enum CodingKeys: String, CodingKey {
        case configuration, calls
        case spentMicros = "spent_micros"
        case savedPercent = "saved_percent"
        case upstreamCalls = "upstream_calls"
        case exactHits = "exact_hits"
        case semanticHits = "semantic_hits"
        case cacheReadTokens = "cache_read_tokens"
        case cacheWriteTokens = "cache_write_tokens"
        case batchedCalls = "batched_calls"
        case trimmedCalls = "trimmed_calls"
        case p50LatencyMs = "p50_latency_ms"
        case p95LatencyMs = "p95_latency_ms"
        case totalSeconds = "total_seconds"
    }
}
