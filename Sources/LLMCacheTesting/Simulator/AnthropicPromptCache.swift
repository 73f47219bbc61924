import Foundation
import LLMCore
import Synchronization

/// Anthropic's prompt cache, as the simulator plays it.
///
/// Rules followed: a prefix is cached only at a breakpoint (`cache_control`), in the order tools → system →
/// messages; a prefix shorter than the model's minimum cacheable length is silently not cached; the longest
/// unexpired cached breakpoint prefix is read (and its lifetime refreshed from now); every longer eligible
/// breakpoint prefix is written, the tokens between two breakpoints being billed at the lifetime of the later
/// one (5 minutes or 1 hour). Entries are per model. Simplification: Anthropic also finds a cached prefix up to
/// 20 blocks before a breakpoint; here only the breakpoints themselves are looked up.
final class AnthropicPromptCache: Sendable {
    /// The outcome of one request.
    struct Accounting: Sendable, Hashable {
        var inputTokens: Int
        var cacheReadTokens: Int
        var cacheWrite5mTokens: Int
        var cacheWrite1hTokens: Int
    }

    private let entries = Mutex<ExpiringPrefixes>(ExpiringPrefixes())

    /// Accounts a request's prompt and updates the cache.
    func account(
        model: String, segments: [PromptSegment], requestOverhead: Int, minimumTokens: Int, now: Date
    ) -> Accounting {
        var hasher = PrefixHasher()
        hasher.combine(model)
        var cumulative = requestOverhead
        var breakpoints: [(tokens: Int, key: UInt64, ttl: PromptCacheMarker.TTL)] = []
        for segment in segments {
            hasher.combine([0x1e])
            hasher.combine(segment.identity)
            cumulative += segment.tokens
            if let ttl = segment.breakpoint { breakpoints.append((cumulative, hasher.value, ttl)) }
        }
        let total = cumulative
        let eligible = breakpoints.filter { $0.tokens >= minimumTokens }
        return entries.withLock { entries in
            entries.purgeOccasionally(now: now)
            var read = 0
            var firstToWrite = 0
            for position in eligible.indices.reversed() {
                let breakpoint = eligible[position]
                if let expiry = entries[breakpoint.key], expiry > now {
                    read = breakpoint.tokens
                    entries[breakpoint.key] = now.addingTimeInterval(Self.lifetime(breakpoint.ttl))
                    firstToWrite = position + 1
                    break
                }
            }
            var previous = read
            var write5m = 0
            var write1h = 0
            for breakpoint in eligible[firstToWrite...] {
                let span = breakpoint.tokens - previous
                switch breakpoint.ttl {
                case .fiveMinutes: write5m += span
                case .oneHour: write1h += span
                }
                previous = breakpoint.tokens
                entries[breakpoint.key] = now.addingTimeInterval(Self.lifetime(breakpoint.ttl))
            }
            return Accounting(
                inputTokens: total - read - write5m - write1h, cacheReadTokens: read, cacheWrite5mTokens: write5m,
                cacheWrite1hTokens: write1h)
        }
    }

    static func lifetime(_ ttl: PromptCacheMarker.TTL) -> TimeInterval {
        switch ttl {
        case .fiveMinutes: return 300
        case .oneHour: return 3600
        }
    }
}
