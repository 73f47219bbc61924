import CacheStorage
import Foundation
import LLMCore
import SQLiteStore
import Testing

@Suite("Cache store")
struct SQLiteStoreTests {
    @Test("an entry stored is found again, and survives closing and reopening")
    func persistence() async throws {
        let database = try TestDatabase()
        let store = try database.open()
        try await store.insert(entry(1, tags: ["faq"]))
        let found = try await store.lookup(namespace: "ns", key: key(1)).entry
        #expect(found?.response == entry(1).response)
        #expect(found?.tags == ["faq"])
        #expect(found?.hitCount == 1)
        try await store.close()

        let reopened = try database.open()
        let again = try await reopened.lookup(namespace: "ns", key: key(1)).entry
        #expect(again?.response == entry(1).response)
        #expect(again?.hitCount == 2, "the first hit was flushed at close")
        #expect(try await reopened.lookup(namespace: "other", key: key(1)) == .miss)
    }

    @Test("the database file is created with mode 0600")
    func fileMode() async throws {
        let database = try TestDatabase()
        let store = try database.open()
        try await store.close()
        let attributes = try FileManager.default.attributesOfItem(atPath: database.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test("an expired entry is never served, and is counted as expired")
    func ttlExpiry() async throws {
        let database = try TestDatabase()
        let store = try database.open()
        try await store.insert(entry(1, ttlSeconds: 60))
        try await store.insert(entry(2, ttlSeconds: nil))
        database.clock.advance(seconds: 59)
        #expect(try await store.lookup(namespace: "ns", key: key(1)).entry != nil)
        database.clock.advance(seconds: 1)
        #expect(try await store.lookup(namespace: "ns", key: key(1)) == .expired)
        database.clock.advance(seconds: 10 * 365 * 86400)
        #expect(try await store.lookup(namespace: "ns", key: key(2)).entry != nil, "no TTL: kept until purged")
        #expect(try await store.statistics().expiredEntries == 1)
    }

    @Test("a sliding TTL is extended by each hit, also after a flush and reopen")
    func slidingTTL() async throws {
        let database = try TestDatabase()
        let store = try database.open()
        try await store.insert(entry(1, ttlSeconds: 60, sliding: true))
        for _ in 0..<5 {
            database.clock.advance(seconds: 50)
            #expect(try await store.lookup(namespace: "ns", key: key(1)).entry != nil)
        }
        try await store.close()
        let reopened = try database.open()
        database.clock.advance(seconds: 50)
        #expect(try await reopened.lookup(namespace: "ns", key: key(1)).entry != nil)
        database.clock.advance(seconds: 61)
        #expect(try await reopened.lookup(namespace: "ns", key: key(1)) == .expired)
    }

    @Test("maxAge refuses entries older than asked")
    func maxAge() async throws {
        let database = try TestDatabase()
        let store = try database.open()
        try await store.insert(entry(1))
        database.clock.advance(seconds: 120)
        let result = try await store.lookup(namespace: "ns", key: key(1), maxAge: .seconds(60))
        #expect(result == .tooOld(age: .seconds(120)))
        #expect(try await store.lookup(namespace: "ns", key: key(1), maxAge: .seconds(300)).entry != nil)
    }

    @Test("past the entry limit the least recently used entries go first")
    func lruByCount() async throws {
        let database = try TestDatabase()
        let store = try database.open { $0.maxEntries = 3 }
        for number in 1...3 {
            try await store.insert(entry(number))
            database.clock.advance(seconds: 1)
        }
        _ = try await store.lookup(namespace: "ns", key: key(1))  // 1 is now the most recently used
        database.clock.advance(seconds: 1)
        try await store.insert(entry(4))
        #expect(try await store.lookup(namespace: "ns", key: key(2)) == .miss, "2 was least recently used")
        #expect(try await store.lookup(namespace: "ns", key: key(1)).entry != nil)
        #expect(try await store.lookup(namespace: "ns", key: key(3)).entry != nil)
        #expect(try await store.lookup(namespace: "ns", key: key(4)).entry != nil)
        #expect(try await store.statistics().entries == 3)
    }

    @Test("past the byte limit entries are evicted until the total fits, expired ones first")
    func lruByBytes() async throws {
        let database = try TestDatabase()
        let store = try database.open { $0.maxBytes = 1000 }
        try await store.insert(entry(1, ttlSeconds: 10, bytes: 300))
        database.clock.advance(seconds: 1)
        try await store.insert(entry(2, bytes: 300))
        database.clock.advance(seconds: 1)
        try await store.insert(entry(3, bytes: 300))
        database.clock.advance(seconds: 20)  // entry 1 expires
        try await store.insert(entry(4, bytes: 300))
        let afterExpiry = try await store.statistics()
        #expect(afterExpiry.entries == 3)
        #expect(afterExpiry.bytes == 900)
        #expect(try await store.lookup(namespace: "ns", key: key(2)).entry != nil, "only the expired entry went")
        try await store.insert(entry(5, bytes: 500))
        let stats = try await store.statistics()
        #expect(stats.bytes <= 1000)
        #expect(try await store.lookup(namespace: "ns", key: key(5)).entry != nil)
        #expect(try await store.lookup(namespace: "ns", key: key(3)) == .miss)
    }

    @Test("replacing an entry keeps one row and resets its hits")
    func replace() async throws {
        let database = try TestDatabase()
        let store = try database.open()
        try await store.insert(entry(1, bytes: 10))
        _ = try await store.lookup(namespace: "ns", key: key(1))
        try await store.insert(entry(1, bytes: 20))
        let found = try await store.lookup(namespace: "ns", key: key(1), recordHit: false).entry
        #expect(found?.size == 20)
        #expect(found?.hitCount == 0)
        let stats = try await store.statistics()
        #expect(stats.entries == 1)
        #expect(stats.bytes == 20)
    }

    @Test("hit bookkeeping is buffered, not written on the lookup path, and counters survive restarts")
    func bufferedBookkeeping() async throws {
        let database = try TestDatabase()
        let store = try database.open { $0.flushInterval = .seconds(3600) }
        try await store.insert(entry(1))
        _ = try await store.lookup(namespace: "ns", key: key(1))
        try await store.increment(layer: "exact", [CounterName.hits: 1])

        let reader = try database.open { $0.readOnly = true }
        #expect(try await reader.lookup(namespace: "ns", key: key(1)).entry?.hitCount == 0, "not yet on disk")
        #expect(try await reader.statistics().layers["exact"] == nil)

        try await store.flush()
        #expect(try await reader.lookup(namespace: "ns", key: key(1)).entry?.hitCount == 1)
        try await store.close()

        let reopened = try database.open()
        try await reopened.increment(layer: "exact", [CounterName.hits: 2, CounterName.misses: 1])
        let counters = try await reopened.statistics().layers["exact"]
        #expect(counters?.hits == 3)
        #expect(counters?.misses == 1)
        #expect(counters?.hitRate == 0.75)
    }

    @Test("buffered hits reach the disk by themselves after the flush interval")
    func backgroundFlush() async throws {
        let database = try TestDatabase()
        let store = try database.open { $0.flushInterval = .milliseconds(20) }
        try await store.insert(entry(1))
        _ = try await store.lookup(namespace: "ns", key: key(1))
        let reader = try database.open { $0.readOnly = true }
        var flushed = false
        for _ in 0..<100 where !flushed {
            try await Task.sleep(for: .milliseconds(20))
            flushed = try await reader.lookup(namespace: "ns", key: key(1)).entry?.hitCount == 1
        }
        #expect(flushed)
    }

    @Test("a closed store refuses work with a clear error")
    func closed() async throws {
        let database = try TestDatabase()
        let store = try database.open()
        try await store.close()
        await #expect(throws: SQLiteStoreError.closed(path: database.path)) {
            try await store.insert(entry(1))
        }
    }

    @Test("list and key-prefix lookups report what is stored")
    func listing() async throws {
        let database = try TestDatabase()
        let store = try database.open()
        try await store.insert(entry(1, namespace: "a", model: "m1"))
        database.clock.advance(seconds: 1)
        try await store.insert(entry(2, namespace: "b", model: "m2"))
        database.clock.advance(seconds: 1)
        try await store.insert(entry(1, namespace: "b", model: "m1"))
        #expect(try await store.list().map(\.namespace) == ["b", "b", "a"])
        #expect(try await store.list(model: "m1").count == 2)
        #expect(try await store.list(namespace: "a").count == 1)
        #expect(try await store.list(limit: 1).count == 1)
        #expect(try await store.entries(keyPrefix: key(1)).map(\.namespace) == ["a", "b"])
        #expect(try await store.entries(keyPrefix: "ffff").isEmpty)
        #expect(try await store.entries(keyPrefix: String(repeating: "0", count: 60)).count == 3)
    }
}
