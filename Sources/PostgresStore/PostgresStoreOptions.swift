import LLMCore

/// How a ``PostgresStore`` behaves.
public struct PostgresStoreOptions: Sendable {
    /// Look up only: hits are not counted and writes throw. Default: `false`.
    public var readOnly: Bool
    /// Past this many entries, expired entries go first, then the least recently used (across instances).
    /// Default: `nil`, no limit.
    public var maxEntries: Int?
    /// Past this many bytes of entries, the same. Default: `nil`, no limit.
    public var maxBytes: Int?
    /// How long buffered hit bookkeeping and counters wait before they are written. Default: 1 second.
    public var flushInterval: Duration
    /// Buffered hits and counters that make a write happen at once. Default: 1,024.
    public var flushThreshold: Int
    /// The longest one database operation may take before the call goes on without the store. Default:
    /// 2 seconds.
    public var operationTimeout: Duration
    /// After a failed operation, how long later operations fail at once (without waiting for the database)
    /// before the store tries the database again. Keeps calls fast while the database is down. Default:
    /// 500 milliseconds.
    public var retryInterval: Duration
    /// How long the change log keeps a change for instances that are away. An instance away longer
    /// reloads its semantic index. Default: 1 hour.
    public var changeRetention: Duration
    /// Connections in the pool. Default: 8.
    public var maximumConnections: Int

    /// Options; each parameter sets the property of the same name, and every default is the documented one.
    ///
    /// - Parameters:
    ///   - readOnly: look up only, counting no hits and refusing writes. Default: `false`.
    ///   - maxEntries: the most entries kept over all instances, or `nil` for no limit. Default: `nil`.
    ///   - maxBytes: the most bytes of entries kept over all instances, or `nil` for no limit. Default: `nil`.
    ///   - flushInterval: how long buffered bookkeeping waits before it is written. Default: 1 second.
    ///   - flushThreshold: buffered hits and counters that are written at once. Default: 1,024.
    ///   - operationTimeout: the longest one database operation may take. Default: 2 seconds.
    ///   - retryInterval: how long operations fail at once after a failure. Default: 500 milliseconds.
    ///   - changeRetention: how long the change log keeps a change. Default: 1 hour.
    ///   - maximumConnections: connections in the pool. Default: 8.
    public init(
        readOnly: Bool = false, maxEntries: Int? = nil, maxBytes: Int? = nil, flushInterval: Duration = .seconds(1),
        flushThreshold: Int = 1024, operationTimeout: Duration = .seconds(2),
        retryInterval: Duration = .milliseconds(500), changeRetention: Duration = .seconds(3600),
        maximumConnections: Int = 8
    ) {
        self.readOnly = readOnly
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
        self.flushInterval = flushInterval
        self.flushThreshold = flushThreshold
        self.operationTimeout = operationTimeout
        self.retryInterval = retryInterval
        self.changeRetention = changeRetention
        self.maximumConnections = maximumConnections
    }
}
