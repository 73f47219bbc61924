import LLMCore

/// The prompt-cache lifetime that suits how soon the same prefix is expected again.
///
/// The provider refreshes a cached prefix each time it is read, so what matters is the longest gap between
/// two uses: up to 5 minutes the 5-minute lifetime (write at 1.25 × input) keeps it; up to an hour only the
/// 1-hour lifetime (write at 2 × input) does; beyond an hour the prefix expires before it is reused, and
/// writing it only adds the write premium.
public enum PromptCacheTTLChoice: Sendable, Hashable, CustomStringConvertible {
    /// Mark the prefix with this lifetime.
    case use(PromptCacheMarker.TTL)
    /// Do not mark the prefix: it would expire before the next use.
    case tooLongToCache(Duration)

    /// The longest gap the 5-minute lifetime covers.
    public static let fiveMinutes: Duration = .seconds(5 * 60)
    /// The longest gap the 1-hour lifetime covers.
    public static let oneHour: Duration = .seconds(60 * 60)

    /// The choice for a gap of `expectedReuseInterval` between uses; `nil` (unknown) chooses the provider's
    /// default 5-minute lifetime, the cheaper write.
    public init(expectedReuseInterval: Duration?) {
        guard let interval = expectedReuseInterval else {
            self = .use(.fiveMinutes)
            return
        }
        if interval <= Self.fiveMinutes {
            self = .use(.fiveMinutes)
        } else if interval <= Self.oneHour {
            self = .use(.oneHour)
        } else {
            self = .tooLongToCache(interval)
        }
    }

    /// The lifetime to mark with, or `nil` when caching is pointless.
    public var ttl: PromptCacheMarker.TTL? {
        if case .use(let ttl) = self { return ttl }
        return nil
    }

    public var description: String {
        switch self {
        case .use(let ttl): return "use the \(ttl.rawValue) lifetime"
        case .tooLongToCache(let interval):
            return "reuse interval \(interval) is longer than the 1h lifetime; caching would only add the write premium"
        }
    }
}
