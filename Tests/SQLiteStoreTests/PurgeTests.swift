import CacheStorage
import Foundation
import LLMCore
import SQLiteStore
import Testing

@Suite("Purge")
struct PurgeTests {
    /// Eight entries: namespaces a/b, models m1/m2, tags, one expired, half old.
    func seeded() async throws -> (TestDatabase, SQLiteStore) {
        let database = try TestDatabase()
        let store = try database.open()
        for number in 1...4 {
            try await store.insert(
                entry(number, namespace: "a", model: number % 2 == 0 ? "m2" : "m1", bytes: 10, tags: ["old"]))
        }
        database.clock.advance(seconds: 8 * 86400)
        for number in 5...8 {
            try await store.insert(
                entry(
                    number, namespace: "b", model: number % 2 == 0 ? "m2" : "m1", ttlSeconds: number == 8 ? 1 : nil,
                    bytes: 10, tags: number == 5 ? ["faq", "pricing"] : []))
        }
        database.clock.advance(seconds: 2)
        return (database, store)
    }

    static let cases: [(String, PurgeSelector, Int)] = [
        ("all", PurgeSelector(all: true), 8),
        ("expired", PurgeSelector(expired: true), 1 + 4),  // the 1 s TTL entry, and the 1 h ones of namespace a
        ("namespace", PurgeSelector(namespace: "a"), 4),
        ("model", PurgeSelector(model: "m1"), 4),
        ("namespace and model", PurgeSelector(namespace: "b", model: "m2"), 2),
        ("older than 7d", PurgeSelector(olderThan: .milliseconds(7 * 86_400_000)), 4),
        ("key", PurgeSelector(key: String(format: "%064x", 3)), 1),
        ("tag", PurgeSelector(tag: "faq"), 1),
        ("tag that is a part of another", PurgeSelector(tag: "pric"), 0),
    ]

    @Test("each selector removes exactly its entries", arguments: 0..<cases.count)
    func selectors(index: Int) async throws {
        let (_, store) = try await seeded()
        let (name, selector, expected) = Self.cases[index]
        let dry = try await store.purge(selector, dryRun: true)
        #expect(dry.entries == expected, "\(name) dry run")
        #expect(try await store.statistics().entries == 8, "a dry run removes nothing")
        let result = try await store.purge(selector)
        #expect(result.entries == expected, "\(name)")
        #expect(result.bytes == Int64(expected * 10))
        #expect(try await store.statistics().entries == 8 - expected)
    }

    @Test("an empty selector is refused and nothing is lost")
    func emptySelector() async throws {
        let (_, store) = try await seeded()
        await #expect(throws: EmptyPurgeSelectorError()) { try await store.purge(PurgeSelector()) }
        #expect(try await store.statistics().entries == 8)
    }

    @Test("after a purge, eviction totals are right")
    func totalsAfterPurge() async throws {
        let database = try TestDatabase()
        let store = try database.open { $0.maxEntries = 2 }
        try await store.insert(entry(1))
        try await store.insert(entry(2))
        _ = try await store.purge(PurgeSelector(all: true))
        try await store.insert(entry(3))
        try await store.insert(entry(4))
        #expect(try await store.statistics().entries == 2)
    }
}
