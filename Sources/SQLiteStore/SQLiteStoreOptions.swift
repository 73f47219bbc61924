import CacheStorage
import LLMCore

/// How a ``SQLiteStore`` opens its database and bounds its size.
public struct SQLiteStoreOptions: Sendable {
    /// Whether to create the database when the file is missing (with mode 0600). Read-only tools such as
    /// `cachectl stats` set this to `false` so that a typo in a path is an error, not a new empty cache.
    /// Default: `true`.
    public var createIfMissing: Bool
    /// Open read-only: nothing is written, not even hit bookkeeping. Default: `false`.
    public var readOnly: Bool
    /// How long a statement waits for another process's lock before failing. Default: 5 seconds.
    public var busyTimeout: Duration
    /// The most entries kept; least recently used ones are evicted past it. `nil` (the default): no limit.
    public var maxEntries: Int?
    /// The most bytes of entries kept; least recently used ones are evicted past it. `nil` (the default): no
    /// limit.
    public var maxBytes: Int?
    /// How often buffered hit bookkeeping (last hit, hit counts, counters) is written. Default: 1 second.
    public var flushInterval: Duration
    /// Buffered hits that trigger an early background flush. Default: 1,024.
    public var flushThreshold: Int
    /// `true` for `synchronous=FULL` (durable across power loss); the default `NORMAL` with WAL is durable
    /// across process crashes, which is what a cache needs. Default: `false`.
    public var fullSync: Bool

    /// Options; each parameter sets the property of the same name, and every default is the documented one.
    ///
    /// - Parameters:
    ///   - createIfMissing: create the database when the file is missing. Default: `true`.
    ///   - readOnly: open read-only, writing nothing. Default: `false`.
    ///   - busyTimeout: how long a statement waits for another process's lock. Default: 5 seconds.
    ///   - maxEntries: the most entries kept, or `nil` for no limit. Default: `nil`.
    ///   - maxBytes: the most bytes of entries kept, or `nil` for no limit. Default: `nil`.
    ///   - flushInterval: how often buffered hit bookkeeping is written. Default: 1 second.
    ///   - flushThreshold: buffered hits that trigger an early flush. Default: 1,024.
    ///   - fullSync: `synchronous=FULL` instead of `NORMAL`. Default: `false`.
    public init(
        createIfMissing: Bool = true, readOnly: Bool = false, busyTimeout: Duration = .seconds(5),
        maxEntries: Int? = nil, maxBytes: Int? = nil, flushInterval: Duration = .seconds(1),
        flushThreshold: Int = 1024, fullSync: Bool = false
    ) {
        self.createIfMissing = createIfMissing
        self.readOnly = readOnly
        self.busyTimeout = busyTimeout
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
        self.flushInterval = flushInterval
        self.flushThreshold = flushThreshold
        self.fullSync = fullSync
    }
}
