import CacheStorage
import Foundation
import SQLiteStore
import Testing

@Suite("withCacheStore: a store that cannot be left open")
struct WithCacheStoreTests {
    struct Planned: Error, Equatable {}

    @Test("the body's result is returned, the store is closed after it and its hit bookkeeping flushed")
    func closesAfterBody() async throws {
        let database = try TestDatabase()
        let (count, kept) = try await withCacheStore(path: database.path) { store in
            try await store.insert(entry(1, ttlSeconds: nil))
            let hits = try await store.lookup(namespace: "ns", key: key(1)).entry?.hitCount
            return (hits, store)
        }
        #expect(count == 1)
        await #expect(throws: SQLiteStoreError.closed(path: database.path)) {
            _ = try await kept.lookup(namespace: "ns", key: key(1))
        }
        let reopened = try database.open()
        #expect(try await reopened.lookup(namespace: "ns", key: key(1)).entry?.hitCount == 2)
        try await reopened.close()
    }

    @Test("a body that throws still closes the store (its hits flushed), and its error reaches the caller")
    func closesAfterError() async throws {
        let database = try TestDatabase()
        await #expect(throws: Planned()) {
            try await withCacheStore(path: database.path) { store in
                try await store.insert(entry(1, ttlSeconds: nil))
                _ = try await store.lookup(namespace: "ns", key: key(1))
                throw Planned()
            }
        }
        let reopened = try database.open()
        #expect(try await reopened.lookup(namespace: "ns", key: key(1)).entry?.hitCount == 2)
        try await reopened.close()
    }

    @MainActor
    @Test("the body runs on the caller's actor and may use its state")
    func callerIsolation() async throws {
        let database = try TestDatabase()
        var seen: [Int] = []
        try await withCacheStore(path: database.path) { store in
            MainActor.assertIsolated()
            seen.append(try await store.statistics().entries)
        }
        #expect(seen == [0])
    }
}
