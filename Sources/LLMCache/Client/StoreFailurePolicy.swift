/// What a ``CachedClient`` does with a call when its cache store cannot be read (a PostgreSQL server down, an
/// SQLite file that cannot be opened).
public enum StoreFailurePolicy: String, Sendable, Hashable, CaseIterable {
    /// The call goes to the provider uncached, with a warning and the layer's `failures` counter (the
    /// default): the application keeps working and pays full price until the store is back.
    case passThrough = "pass_through"
    /// The call fails with ``CacheUnavailableError`` before anything is sent to the provider: for
    /// deployments where uncached traffic would cost more than an outage, or would overrun a provider's rate
    /// limits. An answer already paid for is still returned when only storing it fails.
    case fail
}
