import CacheStorage
import Foundation
import LLMCore
import SQLiteStore
import Testing

@Suite("SQLite store options")
struct SQLiteStoreOptionsTests {
    @Test("the defaults are the documented ones")
    func defaults() {
        let options = SQLiteStoreOptions()
        #expect(options.createIfMissing)
        #expect(!options.readOnly)
        #expect(options.busyTimeout == .seconds(5))
        #expect(options.maxEntries == nil)
        #expect(options.maxBytes == nil)
        #expect(options.flushInterval == .seconds(1))
        #expect(options.flushThreshold == 1024)
        #expect(!options.fullSync)
    }

    @Test("each parameter lands in its property")
    func memberwise() {
        let options = SQLiteStoreOptions(
            createIfMissing: false, readOnly: true, busyTimeout: .milliseconds(250), maxEntries: 10,
            maxBytes: 4096, flushInterval: .seconds(30), flushThreshold: 7, fullSync: true)
        #expect(!options.createIfMissing)
        #expect(options.readOnly)
        #expect(options.busyTimeout == .milliseconds(250))
        #expect(options.maxEntries == 10)
        #expect(options.maxBytes == 4096)
        #expect(options.flushInterval == .seconds(30))
        #expect(options.flushThreshold == 7)
        #expect(options.fullSync)
        #expect(SQLiteStoreOptions(maxEntries: 3).busyTimeout == SQLiteStoreOptions().busyTimeout)
    }

    @Test("durations beyond 64-bit milliseconds saturate in the store instead of trapping")
    func hugeDurations() async throws {
        let database = try TestDatabase()
        let store = try database.open {
            $0 = SQLiteStoreOptions(busyTimeout: .seconds(Int64.max), flushInterval: .seconds(Int64.max))
        }
        var long = entry(1, ttlSeconds: nil)
        long.ttl = .seconds(Int64.max)
        try await store.insert(long)
        try await store.insert(entry(2, ttlSeconds: nil))
        let found = try await store.lookup(namespace: "ns", key: key(1), maxAge: .seconds(Int64.max)).entry
        #expect(found?.ttl == .milliseconds(Int64.max), "stored to the millisecond, saturated")
        #expect(found?.expiresAt != nil)
        #expect(
            try await store.lookup(namespace: "ns", key: key(2), maxAge: .seconds(Int64.min)) == .tooOld(age: .zero))
        #expect(try await store.purge(PurgeSelector(olderThan: .seconds(Int64.max))).entries == 0)
        #expect(try await store.purge(PurgeSelector(olderThan: .seconds(Int64.min))).entries == 2)
        try await store.close()
    }
}
