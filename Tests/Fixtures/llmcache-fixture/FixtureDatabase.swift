import ArgumentParser
import CacheStorage
import LLMCore
import PostgresStore
import SQLiteStore

/// The `--db PATH|URL` option of the fixtures: an SQLite file (created when missing) or a `postgres://` URL.
struct FixtureDatabase: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp("The cache database.", valueName: "path|url"))
    var path: String

    /// Opens the database for changes, creating it when missing. PostgreSQL waits as long for a busy server
    /// as a `cachectl` command does.
    func open() async throws -> any CacheStorage {
        if PostgresURL.isPostgresURL(path) {
            var options = PostgresStoreOptions()
            options.operationTimeout = .milliseconds(10_000)
            return try await PostgresStore.open(url: path, options: options)
        }
        var options = SQLiteStoreOptions()
        options.createIfMissing = true
        return try SQLiteStore(path: path, options: options)
    }
}
