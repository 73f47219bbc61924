import CSQLite
import CacheStorage
import Foundation
import LLMCore
import SQLiteStore
import Testing

@Suite("Budget shared through one SQLite file")
struct SharedBudgetStoreTests {
    static let lifetime: Duration = .milliseconds(60_000)

    func limit(_ micros: Int64, day: DateInterval? = nil) -> [BudgetScopeLimit] {
        [BudgetScopeLimit(scope: "day:test", limit: MicroDollars(micros), ledgerInterval: day)]
    }

    @Test("two connections reserving at once never pass the cap together")
    func concurrentReservations() async throws {
        let database = try TestDatabase()
        let stores = [try database.open(), try database.open()]
        let limits = limit(1000)
        let granted = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                group.addTask {
                    let refusal = try await stores[index % 2].reserveBudget(
                        id: "call-\(index)", amount: MicroDollars(100), limits: limits, holdLifetime: Self.lifetime)
                    return refusal == nil ? 1 : 0
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(granted == 10, "1000 held in steps of 100, whatever the interleaving")
        let refusal = try await stores[1].reserveBudget(
            id: "one-more", amount: MicroDollars(1), limits: limits, holdLifetime: Self.lifetime)
        #expect(refusal?.held == MicroDollars(1000))
        #expect(refusal?.spent == MicroDollars(0))
        #expect(try await stores[0].budgetHeld(scope: "day:test") == MicroDollars(1000))
        for store in stores { try await store.close() }
    }

    @Test("a day starts from the ledger; settled spend counts for every connection; cancelled holds are freed")
    func settleAndCancel() async throws {
        let database = try TestDatabase()
        let (a, b) = (try database.open(), try database.open())
        let now = database.clock.now()
        try await a.appendLedger(
            LedgerRow(
                recordID: "r1", at: now, provider: "anthropic", model: "m", inputTokens: 1, outputTokens: 1,
                cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cost: MicroDollars(300), tags: [:],
                attempt: 1))
        let day = limit(1000, day: DateInterval(start: now.addingTimeInterval(-10), duration: 86_400))
        #expect(
            try await a.reserveBudget(id: "x", amount: MicroDollars(600), limits: day, holdLifetime: Self.lifetime)
                == nil)
        let refused = try await b.reserveBudget(
            id: "y", amount: MicroDollars(200), limits: day, holdLifetime: Self.lifetime)
        #expect(refused?.spent == MicroDollars(300))
        #expect(refused?.held == MicroDollars(600))
        try await a.cancelBudget(id: "x")
        #expect(
            try await b.reserveBudget(id: "y", amount: MicroDollars(600), limits: day, holdLifetime: Self.lifetime)
                == nil)
        try await b.settleBudget(id: "y", scopes: ["day:test"], cost: MicroDollars(500))
        #expect(try await a.budgetSpent(scope: "day:test") == MicroDollars(800))
        #expect(try await a.budgetHeld(scope: "day:test") == MicroDollars(0))
        #expect(
            try await a.reserveBudget(id: "z", amount: MicroDollars(200), limits: day, holdLifetime: Self.lifetime)
                == nil)
        #expect(
            try await b.reserveBudget(id: "w", amount: MicroDollars(1), limits: day, holdLifetime: Self.lifetime) != nil
        )
        #expect(try await a.budgetSpent(scope: "never-seen") == nil)
        try await a.close()
        try await b.close()
    }

    @Test("all caps or none: a refusal by the second cap holds nothing on the first")
    func allOrNone() async throws {
        let database = try TestDatabase()
        let store = try database.open()
        let caps = [
            BudgetScopeLimit(scope: "day:test", limit: MicroDollars(1000)),
            BudgetScopeLimit(scope: "run:nightly", limit: MicroDollars(50)),
        ]
        let refusal = try await store.reserveBudget(
            id: "a", amount: MicroDollars(100), limits: caps, holdLifetime: Self.lifetime)
        #expect(refusal?.index == 1)
        #expect(refusal?.limit.scope == "run:nightly")
        #expect(try await store.budgetHeld(scope: "day:test") == MicroDollars(0))
        try await store.close()
    }

    @Test("the hold of a process that never settles lapses after the hold lifetime")
    func holdsLapse() async throws {
        let database = try TestDatabase()
        let (a, b) = (try database.open(), try database.open())
        #expect(
            try await a.reserveBudget(
                id: "lost", amount: MicroDollars(1000), limits: limit(1000), holdLifetime: Self.lifetime) == nil
        )
        try await a.close()
        #expect(
            try await b.reserveBudget(
                id: "next", amount: MicroDollars(1), limits: limit(1000), holdLifetime: Self.lifetime) != nil)
        database.clock.advance(seconds: 61)
        #expect(
            try await b.reserveBudget(
                id: "next", amount: MicroDollars(1), limits: limit(1000), holdLifetime: Self.lifetime) == nil)
        #expect(try await b.budgetHeld(scope: "day:test") == MicroDollars(1))
        try await b.close()
    }

    @Test("a reservation waits for another connection's write lock (up to the busy timeout) instead of failing")
    func waitsForTheLock() async throws {
        let database = try TestDatabase()
        let store = try database.open()
        let impatient = try database.open { $0.busyTimeout = .milliseconds(100) }
        var raw: OpaquePointer?
        #expect(sqlite3_open(database.path, &raw) == SQLITE_OK)
        defer { sqlite3_close(raw) }
        #expect(sqlite3_exec(raw, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK)
        let error = await #expect(throws: SQLiteStoreError.self) {
            _ = try await impatient.reserveBudget(
                id: "x", amount: MicroDollars(1), limits: limit(100), holdLifetime: Self.lifetime)
        }
        guard case .sqlite(_, let code, _)? = error else {
            Issue.record("expected a busy error, got \(String(describing: error))")
            return
        }
        #expect(code & 0xFF == SQLITE_BUSY, "a 100 ms timeout gives up while the lock is held")
        // Released from a thread outside the concurrency pool, which the waiting reservation occupies.
        let started = ContinuousClock.now
        nonisolated(unsafe) let holder = raw
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.4) { sqlite3_exec(holder, "COMMIT", nil, nil, nil) }
        let refusal = try await store.reserveBudget(
            id: "patient", amount: MicroDollars(10), limits: limit(100), holdLifetime: Self.lifetime)
        #expect(refusal == nil, "the 5 s timeout waited for the lock and then held the amount")
        #expect(ContinuousClock.now - started >= .milliseconds(350))
        #expect(try await store.budgetHeld(scope: "day:test") == MicroDollars(10))
        try await store.close()
        try await impatient.close()
    }

    @Test("a read-only store refuses to reserve")
    func readOnlyRefuses() async throws {
        let database = try TestDatabase()
        try await database.open().close()
        let reader = try database.open { $0.readOnly = true }
        await #expect(throws: SQLiteStoreError.readOnly(path: database.path)) {
            _ = try await reader.reserveBudget(
                id: "a", amount: MicroDollars(1), limits: limit(10), holdLifetime: Self.lifetime)
        }
    }
}
