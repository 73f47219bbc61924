import CacheStorage
import Logging

/// Connects to the PostgreSQL store at `url`, runs `body` with it and closes it, also when `body` throws,
/// so that buffered bookkeeping is always flushed and the connections released.
///
/// - Parameters:
///   - url: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…]`.
///   - options: how the store works (see ``PostgresStoreOptions``).
///   - logger: where the store logs, and where a failure to close after `body` threw is logged.
///   - isolation: the caller's actor, where `body` runs; leave it to its default.
///   - body: the work to do with the store; its result is returned.
/// - Throws: ``PostgresStoreError`` when the store cannot be opened or closed; `body`'s error.
public func withCacheStore<Result>(
    url: String, options: PostgresStoreOptions = PostgresStoreOptions(),
    logger: Logger = Logger(label: "llmcache.store.postgres"), isolation: isolated (any Actor)? = #isolation,
    _ body: (PostgresStore) async throws -> Result
) async throws -> Result {
    let store = try await PostgresStore.open(url: url, options: options, logger: logger)
    return try await store.closing(
        closeFailed: { error in
            logger.warning("the store could not be closed after a failure", metadata: ["error": "\(error)"])
        }, body)
}
