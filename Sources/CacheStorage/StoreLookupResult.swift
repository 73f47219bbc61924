import LLMCore

/// The result of looking a key up in a ``CacheStorage``.
public enum StoreLookupResult: Sendable, Hashable {
    /// A live entry, with this hit already counted.
    case hit(CacheEntry)
    /// Nothing stored under the key.
    case miss
    /// An entry exists but its TTL ran out; it is never served.
    case expired
    /// An entry exists but is older than the caller's `maxAge`.
    case tooOld(age: Duration)
}
