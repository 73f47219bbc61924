import CacheStorage
import LLMCore

/// How a ``SQLiteStore`` opens its database and bounds its size.
public struct SQLiteStoreOptions: Sendable {
    /// Whether to create the database when the file is missing (with mode 0600). Read-only tools such as
    /// `cachectl stats` set this to `false` so that a typo in a path is an error, not a new empty cache.
    public var createIfMissing: Bool = true
    /// Open read-only: nothing is written, not even hit bookkeeping.
    public var readOnly: Bool = false
    /// How long a statement waits for another process's lock before failing.
    public var busyTimeout: Duration = .seconds(5)
    /// The most entries kept; least recently used ones are evicted past it. `nil`: no limit.
    public var maxEntries: Int? = nil
    /// The most bytes of entries kept; least recently used ones are evicted past it. `nil`: no limit.
    public var maxBytes: Int? = nil
    /// How often buffered hit bookkeeping (last hit, hit counts, counters) is written.
    public var flushInterval: Duration = .seconds(1)
    /// Buffered hits that trigger an early background flush.
    public var flushThreshold: Int = 1024
    /// `true` for `synchronous=FULL` (durable across power loss); the default `NORMAL` with WAL is durable
    /// across process crashes, which is what a cache needs.
    public var fullSync: Bool = false

    public init() {}
}
