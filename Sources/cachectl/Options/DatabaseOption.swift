import ArgumentParser
import CacheStorage
import LLMCache
import LLMCacheServer
import LLMCore

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

    /// The backend the path or URL names.
    var backend: StoreBackend { StoreBackend(location: resolvedPath) }

    /// Whether the database is the shared PostgreSQL store.
    var isPostgres: Bool { backend.isShared }

    /// Opens the database for reading only; a missing SQLite file is an error, never a new database.
    func openForReading() async throws -> any CacheStorage {
        try await backend.open(.command(readOnly: true, createIfMissing: false)).store
    }

    /// Opens the database for changes; a missing SQLite file is an error unless `create` is set (PostgreSQL
    /// tables are always created when missing).
    func openForWriting(create: Bool = false) async throws -> any CacheStorage {
        try await backend.open(.command(readOnly: false, createIfMissing: create)).store
    }
}
