/// Which calls the caches answer.
public enum CacheMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// Only calls that ask for a deterministic answer (temperature 0), unless a request opts in: a cached
    /// answer is then what the model would most likely have said anyway.
    case deterministic
    /// Every cacheable call, whatever its sampling parameters: they are part of the key, so calls with
    /// different temperatures never share an entry, but a repeat of a sampled call gets the first answer
    /// again instead of a new sample.
    case all
}

extension CacheControls {
    /// Whether these controls let a call that is not deterministic use a cache configured with
    /// `cacheNonDeterministic`: ``mode`` decides when set, then ``allowNonDeterministic``, then the
    /// configuration.
    func servesNonDeterministic(configured: Bool) -> Bool {
        switch mode {
        case .all?: return true
        case .deterministic?: return false
        case nil: return allowNonDeterministic || configured
        }
    }
}
