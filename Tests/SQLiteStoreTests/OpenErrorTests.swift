import CSQLite
import CacheStorage
import Crypto
import Foundation
import SQLiteStore
import Testing

@Suite("Opening bad databases")
struct OpenErrorTests {
    func fingerprint(_ path: String) throws -> Data {
        Data(SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// Runs SQL on a file with the plain SQLite API, outside the store.
    func rawSQL(_ path: String, _ sql: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw SQLiteStoreError.notADatabase(path: path) }
        defer { sqlite3_close(db) }
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw SQLiteStoreError.sqlite(path: path, code: 1, message: String(cString: sqlite3_errmsg(db)))
        }
    }

    @Test("a missing file is an error when creation is off, and no file appears")
    func missing() throws {
        let database = try TestDatabase()
        #expect(throws: SQLiteStoreError.databaseNotFound(path: database.path)) {
            _ = try database.open { $0.createIfMissing = false }
        }
        #expect(!FileManager.default.fileExists(atPath: database.path))
        #expect(throws: SQLiteStoreError.databaseNotFound(path: database.path)) {
            _ = try database.open { $0.readOnly = true }
        }
    }

    @Test("a file that is not SQLite is refused and left as it was")
    func notSQLite() throws {
        let database = try TestDatabase()
        try Data("just some text, not a database\n".utf8).write(to: URL(fileURLWithPath: database.path))
        let before = try fingerprint(database.path)
        let error = #expect(throws: SQLiteStoreError.notADatabase(path: database.path)) { _ = try database.open() }
        #expect(error?.description.contains("not an SQLite database") == true)
        #expect(try fingerprint(database.path) == before)
    }

    @Test("another program's SQLite database is refused and left as it was")
    func foreign() throws {
        let database = try TestDatabase()
        try rawSQL(
            database.path, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'x')")
        let before = try fingerprint(database.path)
        #expect(throws: SQLiteStoreError.foreignDatabase(path: database.path)) { _ = try database.open() }
        #expect(try fingerprint(database.path) == before)
    }

    @Test("a database from a newer schema is refused without a single write")
    func newerSchema() async throws {
        let database = try TestDatabase()
        let store = try database.open()
        try await store.insert(entry(1))
        try await store.close()
        try rawSQL(database.path, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = 99")
        let before = try fingerprint(database.path)
        let error = #expect(throws: SQLiteStoreError.self) { _ = try database.open() }
        guard case .newerSchema(database.path, 99, let supported)? = error else {
            Issue.record("expected a newer-schema error, got \(String(describing: error))")
            return
        }
        #expect(supported < 99)
        #expect(error?.description.contains("left untouched") == true)
        #expect(try fingerprint(database.path) == before)
    }

    @Test("a read-only database can be read but refuses writes, keeping what it holds")
    func readOnly() async throws {
        let database = try TestDatabase()
        let store = try database.open()
        try await store.insert(entry(1))
        try await store.close()

        let reader = try database.open { $0.readOnly = true }
        #expect(try await reader.statistics().entries == 1)
        await #expect(throws: SQLiteStoreError.readOnly(path: database.path)) { try await reader.insert(entry(2)) }
        await #expect(throws: SQLiteStoreError.readOnly(path: database.path)) {
            _ = try await reader.purge(PurgeSelector(all: true))
        }

        // File permissions bind only non-root users; root (as in CI containers) writes regardless.
        if getuid() != 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: database.path)
            #expect(throws: SQLiteStoreError.readOnly(path: database.path)) { _ = try database.open() }
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: database.path)
        }
        #expect(try await database.open().statistics().entries == 1)
    }
}
