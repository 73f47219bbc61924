import CacheStorage
import CostControl
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import SQLiteStore
import Testing

@Suite("SQLite shared budget")
struct SQLiteSharedBudgetTests {
    static let day = Date(timeIntervalSince1970: 1_800_000_000)

    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-shared-budget-\(UUID())")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        var database: String { url.appendingPathComponent("cache.sqlite").path }
    }

    func gate(_ store: SQLiteStore, limits: BudgetLimits) -> BudgetGate {
        BudgetGate(limits: limits, ledger: StoreCostLedger(store: store), shared: store.sharedBudget, now: { Self.day })
    }

    func record(cost: Int64) -> CostRecord {
        CostRecord(
            model: "claude-haiku-4-5", provider: .anthropic, usage: Usage(inputTokens: 10, outputTokens: 10),
            cost: MicroDollars(cost), timestamp: Self.day)
    }

    @Test("two stores on one file, reserving at once through their gates, never pass the daily cap together")
    func concurrentGates() async throws {
        let folder = try Folder()
        let (a, b) = (try SQLiteStore(path: folder.database), try SQLiteStore(path: folder.database))
        let limits = BudgetLimits(dailyCap: MicroDollars(1000))
        let gates = [gate(a, limits: limits), gate(b, limits: limits)]
        let granted = try await ConcurrentReservations.granted(30, of: MicroDollars(100), across: gates)
        #expect(granted == 10)
        let refusal = await #expect(throws: BudgetExceededError.self) { try await gates[1].reserve(MicroDollars(1)) }
        #expect(refusal?.cap == .daily)
        #expect(refusal?.reserved == MicroDollars(1000))
        try await a.close()
        try await b.close()
    }

    @Test("settled spend counts for the other store; the day starts from the ledger; a cancel frees the hold")
    func settleAndCancel() async throws {
        let folder = try Folder()
        let a = try SQLiteStore(path: folder.database)
        try await StoreCostLedger(store: a).append(record(cost: 300))
        let b = try SQLiteStore(path: folder.database)
        let limits = BudgetLimits(dailyCap: MicroDollars(1000))
        let (gateA, gateB) = (gate(a, limits: limits), gate(b, limits: limits))
        let held = try await gateA.reserve(MicroDollars(600))
        await #expect(throws: BudgetExceededError.self) { try await gateB.reserve(MicroDollars(200)) }
        await gateA.cancel(held)
        let second = try await gateB.reserve(MicroDollars(600))
        await gateB.settle(second, with: record(cost: 500))
        #expect(try await a.sharedBudget.spent(scope: "day:2027-01-15") == MicroDollars(800))
        _ = try await gateA.reserve(MicroDollars(200))
        await #expect(throws: BudgetExceededError.self) { try await gateA.reserve(MicroDollars(1)) }
        try await a.close()
        try await b.close()
    }
}
