/// What the cache lookups found, and so where a call goes next.
enum LookupOutcome: Sendable {
    /// A cache answered: the answer for the caller and the stored answer it came from.
    case hit(CachedResponse, stored: CachedAnswer)
    /// No cache layer may take part: straight upstream, nothing stored.
    case bypass(reason: String?, namespace: String)
    /// The caller skipped the lookups (no-cache, force-refresh): upstream, and the answer is stored.
    case refresh(PendingCall)
    /// Looked up and not found: upstream through single-flight, and the answer is stored.
    case miss(PendingCall)
}
