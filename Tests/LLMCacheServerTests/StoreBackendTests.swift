import Foundation
import LLMCache
import LLMCacheServer
import Testing

@Suite("Store backends: a location names one, and opens it")
struct StoreBackendTests {
    @Test("postgres:// and postgresql:// URLs name the shared store; anything else an SQLite file")
    func names() {
        #expect(StoreBackend(location: "postgres://u@127.0.0.1/db") == .postgres(url: "postgres://u@127.0.0.1/db"))
        #expect(StoreBackend(location: "postgresql://127.0.0.1/db").isShared)
        #expect(StoreBackend(location: "/tmp/cache.sqlite") == .sqlite(path: "/tmp/cache.sqlite"))
        #expect(!StoreBackend(location: "postgres.sqlite").isShared)
    }

    @Test("a command reading a missing SQLite file gets the store's error and no new file")
    func readingMissingFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID()).sqlite").path
        await #expect(throws: SQLiteStoreError.databaseNotFound(path: path)) {
            _ = try await StoreBackend(location: path).open(.command(readOnly: true, createIfMissing: false))
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("serving creates the SQLite file, and its budget and rate buckets are held in the file")
    func serving() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let opened = try await StoreBackend(location: path).open(.serving)
        #expect(opened.store.location == path)
        #expect(!opened.store.isReadOnly)
        #expect(opened.sharedBudget is SQLiteSharedBudget)
        #expect(opened.sharedRateBuckets is SQLiteRateBuckets)
        try await opened.store.close()
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
