import CacheStorage
import Foundation
import LLMCore
import PostgresNIO
import PostgresStore
import Synchronization
import Testing

@Suite("PostgreSQL store", .enabled(if: TestServer.isConfigured, TestServer.skipReason), .timeLimit(.minutes(3)))
struct PostgresStoreTests {
    @Test("an entry stored is found again by another instance, with its hits counted")
    func sharedEntries() async throws {
        let fixture = try await StoreFixture()
        let a = try await fixture.open()
        let b = try await fixture.open()
        try await a.insert(entry(1, tags: ["faq"]))
        let found = try await b.lookup(namespace: "ns", key: key(1)).entry
        #expect(found?.response == Data("response 1".utf8))
        #expect(found?.request == nil, "lookups leave the request out")
        #expect(found?.tags == ["faq"])
        #expect(found?.hitCount == 1)
        try await b.close()
        let again = try await a.lookup(namespace: "ns", key: key(1)).entry
        #expect(again?.hitCount == 2, "b's hit was written at close")
        #expect(try await a.lookup(namespace: "other", key: key(1)) == .miss)
        #expect(try await a.entries(keyPrefix: String(key(1).prefix(10))).first?.request == Data("request 1".utf8))
        try await a.close()
    }

    @Test("expired entries are never served; a sliding TTL is extended by hits")
    func ttl() async throws {
        let fixture = try await StoreFixture()
        let store = try await fixture.open()
        try await store.insert(entry(1, ttlSeconds: 60))
        try await store.insert(entry(2, ttlSeconds: 60, sliding: true))
        try await store.insert(entry(3, ttlSeconds: nil))
        for _ in 0..<3 {
            fixture.clock.advance(seconds: 50)
            #expect(try await store.lookup(namespace: "ns", key: key(2)).entry != nil)
        }
        try await store.flush()
        #expect(try await store.lookup(namespace: "ns", key: key(1)) == .expired)
        fixture.clock.advance(seconds: 59)
        #expect(try await store.lookup(namespace: "ns", key: key(2)).entry != nil)
        fixture.clock.advance(seconds: 61)
        #expect(try await store.lookup(namespace: "ns", key: key(2)) == .expired)
        #expect(try await store.lookup(namespace: "ns", key: key(3)).entry != nil)
        let result = try await store.lookup(
            namespace: "ns", key: key(3), maxAge: .seconds(60), recordHit: false)
        #expect(result == .tooOld(age: .seconds(270)))
        #expect(try await store.statistics().expiredEntries == 2)
        #expect(try await store.purge(PurgeSelector(expired: true)).entries == 2)
        #expect(try await store.statistics().entries == 1)
        try await store.close()
    }

    @Test("purge selectors combine with AND; an empty selector is refused; a dry run changes nothing")
    func purge() async throws {
        let fixture = try await StoreFixture()
        let store = try await fixture.open()
        try await store.insert(contentsOf: [
            entry(1, namespace: "a", tags: ["x"], model: "m1"), entry(2, namespace: "a", tags: ["y"], model: "m2"),
            entry(3, namespace: "b", tags: ["x"], model: "m1"),
        ])
        await #expect(throws: EmptyPurgeSelectorError()) { try await store.purge(PurgeSelector()) }
        let dry = try await store.purge(PurgeSelector(namespace: "a", tag: "x"), dryRun: true)
        #expect(dry.entries == 1)
        #expect(try await store.statistics().entries == 3)
        #expect(try await store.purge(PurgeSelector(namespace: "a", tag: "x")).entries == 1)
        #expect(try await store.purge(PurgeSelector(model: "m1")).entries == 1)
        #expect(try await store.list(namespace: nil, model: nil, limit: 10).map(\.key) == [key(2)])
        #expect(try await store.purge(PurgeSelector(all: true)).entries == 1)
        try await store.close()
    }

    @Test("past the entry limit, expired entries go first, then the least recently used")
    func eviction() async throws {
        let fixture = try await StoreFixture()
        let store = try await fixture.open { $0.maxEntries = 3 }
        try await store.insert(entry(1, ttlSeconds: 10))
        for number in 2...3 {
            fixture.clock.advance(seconds: 1)
            try await store.insert(entry(number))
        }
        fixture.clock.advance(seconds: 20)
        #expect(try await store.lookup(namespace: "ns", key: key(2)).entry != nil)
        try await store.flush()
        try await store.insert(entry(4))
        try await store.insert(entry(5))
        let left = Set(try await store.list(namespace: nil, model: nil, limit: 10).map(\.key))
        #expect(left == [key(2), key(4), key(5)], "1 expired, then 3 was the least recently used")
        try await store.close()
    }

    @Test("counters, ledger and spend summary are shared")
    func countersAndLedger() async throws {
        let fixture = try await StoreFixture()
        let a = try await fixture.open()
        let b = try await fixture.open()
        try await a.increment(layer: "exact", ["hits": 2, "misses": 1])
        try await b.increment(layer: "exact", ["hits": 3])
        try await b.flush()
        let day = Date(timeIntervalSince1970: 1_800_000_000)
        for (store, cost) in [(a, Int64(100)), (b, Int64(250))] {
            try await store.appendLedger(
                LedgerRow(
                    recordID: UUID().uuidString, at: day, provider: "anthropic", model: "claude-haiku-4-5",
                    inputTokens: 10, outputTokens: 20, cacheReadTokens: 0, cacheWrite5mTokens: 0,
                    cacheWrite1hTokens: 0, cost: MicroDollars(cost), tags: ["feature": "search"], attempt: 1))
        }
        let statistics = try await a.statistics()
        #expect(statistics.layers["exact"]?.hits == 5)
        #expect(statistics.layers["exact"]?.misses == 1)
        #expect(try await b.ledgerSpent(from: day, to: day.addingTimeInterval(1)) == MicroDollars(350))
        #expect(
            try await b.ledgerSpent(from: day.addingTimeInterval(1), to: day.addingTimeInterval(2)) == MicroDollars(0))
        let spend = try await a.spendSummary(limit: 20)
        #expect(spend.total.cost == MicroDollars(350))
        #expect(spend.total.calls == 2)
        #expect(spend.byModel.map(\.group) == ["claude-haiku-4-5"])
        #expect(spend.byTag.map(\.group) == ["feature=search"])
        #expect(spend.byDay.map(\.group) == ["2027-01-15"])
        try await a.close()
        try await b.close()
    }

    @Test("opening again migrates nothing; a newer schema is refused and left untouched")
    func migrations() async throws {
        let fixture = try await StoreFixture()
        let store = try await fixture.open()
        try await store.insert(entry(1))
        try await store.close()
        let again = try await fixture.open()
        #expect(try await again.lookup(namespace: "ns", key: key(1)).entry != nil)
        try await again.close()
        try await rawSQL(fixture.url, "UPDATE llmcache_schema SET version = 99")
        await #expect(throws: PostgresStoreError.self) { _ = try await fixture.open() }
        try await rawSQL(fixture.url, "UPDATE llmcache_schema SET version = 4")  // this build's version
        #expect(
            try await fixture.open().lookup(namespace: "ns", key: key(1), maxAge: nil, recordHit: false).entry != nil)
    }

    @Test("a bad URL is refused with what to write, without the password")
    func badURL() async throws {
        let error = await #expect(throws: PostgresStoreError.self) {
            _ = try await PostgresStore.open(url: "postgres://:secret@/db")
        }
        #expect(error?.description.contains("secret") == false)
        #expect(error?.description.contains("postgres://") == true)
        #expect(throws: PostgresStoreError.self) { _ = try PostgresURL("postgres://u@h/db?sslmode=sometimes") }
        #expect(try PostgresURL("postgres://u:p%40ss@h:6000/db?sslmode=disable").password == "p@ss")
    }

    @Test("a read-only instance serves but does not count or write")
    func readOnly() async throws {
        let fixture = try await StoreFixture()
        let writer = try await fixture.open()
        try await writer.insert(entry(1))
        let reader = try await fixture.open { $0.readOnly = true }
        #expect(try await reader.lookup(namespace: "ns", key: key(1)).entry?.hitCount == 0)
        await #expect(throws: PostgresStoreError.readOnly(location: reader.location)) {
            try await reader.insert(entry(2))
        }
        try await reader.close()
        try await writer.close()
    }

    @Test("an operation the database holds past the time limit fails quickly as unavailable; then it recovers")
    func timeLimit() async throws {
        let fixture = try await StoreFixture()
        let writer = try await fixture.open()
        try await writer.insert(entry(1))
        // Read-only, so that nothing but the measured lookups runs under the short limit (no hit bookkeeping
        // to write at close on a busy machine).
        let store = try await fixture.open {
            $0.readOnly = true
            $0.operationTimeout = .milliseconds(1000)
            $0.retryInterval = .milliseconds(100)
        }
        let blocker = try await rawConnection(fixture.url, id: 2)
        try await blocker.query("BEGIN", logger: TestServer.quiet)
        try await blocker.query("LOCK TABLE llmcache_entries IN ACCESS EXCLUSIVE MODE", logger: TestServer.quiet)
        let started = ContinuousClock.now
        let error = await #expect(throws: PostgresStoreError.self) {
            try await store.lookup(namespace: "ns", key: key(1))
        }
        #expect(ContinuousClock.now - started < .seconds(5), "the caller did not wait for the lock")
        #expect(error.map { "\($0)" }?.contains("no answer within") == true)
        #expect(store.availability.isAvailable == false)
        try await blocker.query("ROLLBACK", logger: TestServer.quiet)
        try await blocker.close()
        let recovered = await eventually(within: .seconds(20)) {
            (try? await store.lookup(namespace: "ns", key: key(1)).entry) != nil
        }
        #expect(recovered)
        #expect(store.availability.isAvailable)
        try await store.close()
        try await writer.close()
    }

    @Test("writes of hit bookkeeping that overlap all finish, and every hit is counted once")
    func overlappingFlushes() async throws {
        let fixture = try await StoreFixture()
        let store = try await fixture.open()
        try await store.insert(contentsOf: (1...20).map { entry($0) })
        // Several callers flushing at once, while hits keep arriving: a caller that waited for another's
        // write once spun on the actor for ever. The work runs unstructured so that a spin fails this test
        // instead of holding it.
        let done = Flag()
        let work = Task {
            try await withThrowingTaskGroup(of: Void.self) { callers in
                for caller in 1...4 {
                    callers.addTask {
                        for round in 0..<10 {
                            _ = try await store.lookup(namespace: "ns", key: key((caller * 10 + round) % 20 + 1))
                            try await store.flush()
                        }
                    }
                }
                try await callers.waitForAll()
            }
            done.set()
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while !done.isSet, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try #require(done.isSet, "flushes that overlap must not wait for each other for ever")
        try await work.value
        var hits = 0
        for number in 1...20 {
            hits += try await store.lookup(namespace: "ns", key: key(number), recordHit: false).entry?.hitCount ?? 0
        }
        #expect(hits == 40)
        try await store.close()
    }
}

/// A flag set once by one task and read by another.
private final class Flag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { value.withLock { $0 } }

    func set() { value.withLock { $0 = true } }
}
