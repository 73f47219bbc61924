import ArgumentParser
import CacheStore
import LLMCache

/// The `--db PATH` option every subcommand shares.
struct DatabaseOption: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The cache database file.", discussion: "Default: $LLMCACHE_DB, else the per-user data folder.",
            valueName: "path"))
    var path: String?

    /// The path in use.
    var resolvedPath: String { path ?? DefaultLocations.database() }

    /// Opens the database for reading only; a missing file is an error, never a new database.
    func openForReading() throws -> CacheStore {
        var options = CacheStoreOptions()
        options.createIfMissing = false
        options.readOnly = true
        return try CacheStore(path: resolvedPath, options: options)
    }

    /// Opens the database for changes; a missing file is an error unless `create` is set.
    func openForWriting(create: Bool = false) throws -> CacheStore {
        var options = CacheStoreOptions()
        options.createIfMissing = create
        return try CacheStore(path: resolvedPath, options: options)
    }
}
