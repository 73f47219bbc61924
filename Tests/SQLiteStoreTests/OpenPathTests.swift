import CSQLite
import CacheStorage
import Foundation
import SQLiteStore
import Testing

@Suite("Opening odd paths, and reading without leaving files behind")
struct OpenPathTests {
    func files(in database: TestDatabase) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: database.directory.path).sorted()
    }

    func size(_ path: String) throws -> Int64 {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? -1
    }

    @Test("a directory is refused as one, by readers and writers")
    func directory() throws {
        let database = try TestDatabase()
        let folder = database.directory.path
        let error = #expect(throws: SQLiteStoreError.isADirectory(path: folder)) {
            _ = try SQLiteStore(path: folder)
        }
        #expect(error?.description.contains("is a directory") == true)
        var options = SQLiteStoreOptions()
        options.readOnly = true
        #expect(throws: SQLiteStoreError.isADirectory(path: folder)) {
            _ = try SQLiteStore(path: folder, options: options)
        }
    }

    @Test("a 0-byte file is refused by readers and by writers that must not create, and stays empty")
    func emptyFile() async throws {
        let database = try TestDatabase()
        #expect(FileManager.default.createFile(atPath: database.path, contents: Data()))
        let error = #expect(throws: SQLiteStoreError.emptyFile(path: database.path)) {
            _ = try database.open { $0.readOnly = true }
        }
        #expect(error?.description.contains("empty file (0 bytes)") == true)
        #expect(throws: SQLiteStoreError.emptyFile(path: database.path)) {
            _ = try database.open { $0.createIfMissing = false }
        }
        #expect(try size(database.path) == 0)
        #expect(try files(in: database) == ["cache.sqlite"])
    }

    @Test("a writer that may create adopts a 0-byte file (what mktemp makes)")
    func emptyFileAdopted() async throws {
        let database = try TestDatabase()
        #expect(FileManager.default.createFile(atPath: database.path, contents: Data()))
        let store = try database.open()
        try await store.insert(entry(1))
        try await store.close()
        #expect(try await database.open { $0.readOnly = true }.lookup(namespace: "ns", key: key(1)).entry != nil)
    }

    @Test("an empty SQLite database from elsewhere is not made a cache by a writer that must not create")
    func freshSQLiteNotAdopted() throws {
        let database = try TestDatabase()
        var db: OpaquePointer?
        _ = sqlite3_open(database.path, &db)
        _ = sqlite3_exec(db, "PRAGMA page_size=4096; VACUUM", nil, nil, nil)
        sqlite3_close(db)
        #expect(try size(database.path) > 0)
        #expect(throws: SQLiteStoreError.foreignDatabase(path: database.path)) {
            _ = try database.open { $0.createIfMissing = false }
        }
    }

    @Test("bytes appended after the last page are found, by readers and writers, and the file is kept")
    func trailingGarbage() async throws {
        let database = try TestDatabase()
        let store = try database.open()
        try await store.insert(entry(1))
        try await store.close()
        let clean = try size(database.path)
        let handle = try #require(FileHandle(forWritingAtPath: database.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: 0x41, count: 1234))
        try handle.close()
        let error = #expect(throws: SQLiteStoreError.trailingBytes(path: database.path, count: 1234)) {
            _ = try database.open { $0.readOnly = true }
        }
        #expect(
            error?.description.contains(
                "the file has 1234 bytes after the database's last page; it may be damaged or not only a database")
                == true)
        #expect(throws: SQLiteStoreError.trailingBytes(path: database.path, count: 1234)) { _ = try database.open() }
        #expect(try size(database.path) == clean + 1234)
    }

    @Test("a read-only open of a closed database creates no -wal or -shm file")
    func readOnlyCreatesNothing() async throws {
        let database = try TestDatabase()
        let store = try database.open()
        try await store.insert(entry(1))
        try await store.close()
        let before = try files(in: database)
        #expect(before == ["cache.sqlite"])
        let reader = try database.open { $0.readOnly = true }
        #expect(try await reader.statistics().entries == 1)
        #expect(try await reader.lookup(namespace: "ns", key: key(1)).entry != nil)
        try await reader.close()
        #expect(try files(in: database) == before)
    }

    @Test("a read-only open sees what a live writer committed but has not checkpointed")
    func readOnlyBesideWriter() async throws {
        let database = try TestDatabase()
        let writer = try database.open()
        try await writer.insert(entry(1))
        let reader = try database.open { $0.readOnly = true }
        #expect(try await reader.lookup(namespace: "ns", key: key(1), recordHit: false).entry != nil)
        try await writer.insert(entry(2))
        #expect(try await reader.lookup(namespace: "ns", key: key(2), recordHit: false).entry != nil)
        try await reader.close()
        try await writer.close()
    }

    @Test("a read-only open reads a write-ahead log left without its -shm (a crashed writer's files)")
    func walWithoutIndex() async throws {
        let database = try TestDatabase()
        let writer = try database.open()
        try await writer.insert(entry(1))
        let copy = try TestDatabase()
        // Copied while the writer is open: the entry is only in the -wal.
        try FileManager.default.copyItem(atPath: database.path, toPath: copy.path)
        try FileManager.default.copyItem(atPath: database.path + "-wal", toPath: copy.path + "-wal")
        try await writer.close()
        #expect(try size(copy.path + "-wal") > 32)
        let reader = try copy.open { $0.readOnly = true }
        #expect(try await reader.lookup(namespace: "ns", key: key(1), recordHit: false).entry != nil)
        try await reader.close()
    }
}
