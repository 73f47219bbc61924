import ArgumentParser
import CacheStorage
import LLMCache
import LLMCore
import PostgresStore
import SQLiteStore

/// The `--db PATH|URL` option every subcommand shares.
struct DatabaseOption: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The cache database: a file (SQLite) or a postgres:// URL (the shared PostgreSQL store).",
            discussion: "Default: $LLMCACHE_DB, else the per-user data folder.", valueName: "path|url"))
    var path: String?

    /// The path or URL in use.
    var resolvedPath: String { path ?? DefaultLocations.database() }

    /// Whether the database is the shared PostgreSQL store.
    var isPostgres: Bool { PostgresURL.isPostgresURL(resolvedPath) }

    /// A command waits longer for a busy server than a call on the request path would.
    static var postgresOptions: PostgresStoreOptions {
        var options = PostgresStoreOptions()
        options.operationTimeout = TimeSpan(milliseconds: 10_000)
        return options
    }

    /// Opens the database for reading only; a missing SQLite file is an error, never a new database.
    func openForReading() async throws -> any CacheStorage {
        if isPostgres {
            var options = Self.postgresOptions
            options.readOnly = true
            return try await PostgresStore.open(url: resolvedPath, options: options)
        }
        var options = SQLiteStoreOptions()
        options.createIfMissing = false
        options.readOnly = true
        return try SQLiteStore(path: resolvedPath, options: options)
    }

    /// Opens the database for changes; a missing SQLite file is an error unless `create` is set (PostgreSQL
    /// tables are always created when missing).
    func openForWriting(create: Bool = false) async throws -> any CacheStorage {
        if isPostgres { return try await PostgresStore.open(url: resolvedPath, options: Self.postgresOptions) }
        var options = SQLiteStoreOptions()
        options.createIfMissing = create
        return try SQLiteStore(path: resolvedPath, options: options)
    }
}
