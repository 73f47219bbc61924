import CacheStorage
import Logging

/// Opens the SQLite store at `path`, runs `body` with it and closes it, also when `body` throws, so that
/// buffered hit bookkeeping is always flushed and the file released:
///
/// ```swift
/// try await withCacheStore(path: "cache.sqlite") { store in
///     let client = CachedClient(upstream: AnthropicTransport(), store: store)
///     let answer = try await client.send(request)
/// }
/// ```
///
/// - Parameters:
///   - path: the database file, created (mode 0600) unless `options` say otherwise.
///   - options: how the store is opened (see ``SQLiteStoreOptions``).
///   - logger: where the store logs, and where a failure to close after `body` threw is logged.
///   - isolation: the caller's actor, where `body` runs; leave it to its default.
///   - body: the work to do with the store; its result is returned.
/// - Throws: ``SQLiteStoreError`` when the store cannot be opened or closed; `body`'s error.
public func withCacheStore<Result>(
    path: String, options: SQLiteStoreOptions = SQLiteStoreOptions(),
    logger: Logger = Logger(label: "llmcache.store"), isolation: isolated (any Actor)? = #isolation,
    _ body: (SQLiteStore) async throws -> Result
) async throws -> Result {
    let store = try SQLiteStore(path: path, options: options, logger: logger)
    return try await store.closing(
        closeFailed: { error in
            logger.warning("the store could not be closed after a failure", metadata: ["error": "\(error)"])
        }, body)
}
