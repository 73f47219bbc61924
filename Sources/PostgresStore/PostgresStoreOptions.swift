import LLMCore

/// How a ``PostgresStore`` behaves.
public struct PostgresStoreOptions: Sendable {
    /// Look up only: hits are not counted and writes throw.
    public var readOnly: Bool = false
    /// Past this many entries, expired entries go first, then the least recently used (across instances).
    public var maxEntries: Int? = nil
    /// Past this many bytes of entries, the same.
    public var maxBytes: Int? = nil
    /// How long buffered hit bookkeeping and counters wait before they are written.
    public var flushInterval: Duration = .seconds(1)
    /// Buffered hits and counters that make a write happen at once.
    public var flushThreshold: Int = 1024
    /// The longest one database operation may take before the call goes on without the store.
    public var operationTimeout: Duration = .seconds(2)
    /// After a failed operation, how long later operations fail at once (without waiting for the database)
    /// before the store tries the database again. Keeps calls fast while the database is down.
    public var retryInterval: Duration = .milliseconds(500)
    /// How long the change log keeps a change for instances that are away. An instance away longer
    /// reloads its semantic index.
    public var changeRetention: Duration = .seconds(3600)
    /// Connections in the pool.
    public var maximumConnections: Int = 8

    /// The defaults.
    public init() {}
}
