import CacheStorage
import CostControl
import LLMCache
import Logging
import PostgresStore
import SQLiteStore

/// The storage backends a database location can name, in one place: the proxy and every `cachectl` command
/// open their store through it, so that a new backend is its own module plus one case here.
///
/// A `postgres://` or `postgresql://` URL names the shared PostgreSQL store; anything else is the path of
/// an SQLite file.
public enum StoreBackend: Sendable, Hashable {
    /// An SQLite database file, shared by the processes of one machine.
    case sqlite(path: String)
    /// The PostgreSQL store shared by many instances.
    case postgres(url: String)

    /// The backend `location` names.
    public init(location: String) {
        self = PostgresURL.isPostgresURL(location) ? .postgres(url: location) : .sqlite(path: location)
    }

    /// Whether the store is shared between hosts (and so holds its budget across them).
    public var isShared: Bool {
        if case .postgres = self { return true }
        return false
    }

    /// For an SQLite file on a network file system (where file locks do not hold between machines), that
    /// file system's type; `nil` otherwise.
    public var networkFileSystem: String? {
        guard case .sqlite(let path) = self else { return nil }
        return FileSystemLocking.networkFileSystem(holding: path)
    }

    /// Opens the store for `access`, with the budget and the rate-limit buckets that hold across every process
    /// using it.
    ///
    /// - Parameters:
    ///   - access: who opens it, and so with which settings.
    ///   - logLevel: the level of the store's own log (`llmcache.store`, `llmcache.store.postgres`).
    /// - Throws: the backend's open error (`SQLiteStoreError` or `PostgresStoreError`), which says what to do.
    public func open(_ access: StoreAccess, logLevel: Logger.Level = .info) async throws -> OpenedStore {
        switch self {
        case .sqlite(let path):
            var options = SQLiteStoreOptions()
            if case .command(let readOnly, let createIfMissing) = access {
                options.readOnly = readOnly
                options.createIfMissing = createIfMissing
            }
            var logger = Logger(label: "llmcache.store")
            logger.logLevel = logLevel
            let store = try SQLiteStore(path: path, options: options, logger: logger)
            // Every process on the file holds its reservations in the file, under its write lock.
            return OpenedStore(
                store: store, sharedBudget: store.sharedBudget, sharedRateBuckets: store.sharedRateBuckets)
        case .postgres(let url):
            var options = PostgresStoreOptions()
            if case .command(let readOnly, _) = access {
                // A command waits longer for a busy server than a call on the request path would.
                options.operationTimeout = .milliseconds(10_000)
                options.readOnly = readOnly
            }
            var logger = Logger(label: "llmcache.store.postgres")
            logger.logLevel = logLevel
            let store = try await PostgresStore.open(url: url, options: options, logger: logger)
            return OpenedStore(
                store: store, sharedBudget: store.sharedBudget, sharedRateBuckets: store.sharedRateBuckets)
        }
    }
}

/// Who opens a store, and so with which settings.
public enum StoreAccess: Sendable, Hashable {
    /// The proxy's request path: the request-path time limits; a missing SQLite file is created.
    case serving
    /// A command: longer time limits; read-only, or writing and creating a missing SQLite file only when
    /// `createIfMissing` is set (PostgreSQL tables are always created when missing).
    case command(readOnly: Bool, createIfMissing: Bool)
}

/// An open store and the budget and rate limits shared by every process that uses it.
public struct OpenedStore: Sendable {
    /// The store.
    public let store: any CacheStorage
    /// Budget caps held across processes (and, for a shared store, hosts).
    public let sharedBudget: any SharedBudget
    /// Rate-limit token buckets held across processes (and, for a shared store, hosts).
    public let sharedRateBuckets: any SharedRateBuckets
}
