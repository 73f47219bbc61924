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

    func record(cost: Int64, tags: [String: String] = [:]) -> CostRecord {
        CostRecord(
            model: "claude-haiku-4-5", provider: .anthropic, usage: Usage(inputTokens: 10, outputTokens: 10),
            cost: MicroDollars(cost), tags: tags, timestamp: Self.day)
    }

    static let search = CostTag(key: "feature", value: "search")
    static let searchTags = ["feature": "search"]

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

    @Test("two stores on one file, reserving tagged calls at once, never pass the tag's daily cap together")
    func concurrentGatesHoldTheTagCap() async throws {
        let folder = try Folder()
        let (a, b) = (try SQLiteStore(path: folder.database), try SQLiteStore(path: folder.database))
        let limits = BudgetLimits(tagCaps: [Self.search: TagCaps(dailyCap: MicroDollars(1000))])
        let gates = [gate(a, limits: limits), gate(b, limits: limits)]
        let granted = try await ConcurrentReservations.granted(
            30, of: MicroDollars(100), across: gates, tags: Self.searchTags)
        #expect(granted == 10)
        let refusal = await #expect(throws: BudgetExceededError.self) {
            try await gates[1].reserve(MicroDollars(1), tags: Self.searchTags)
        }
        #expect(refusal?.cap == .tagDaily)
        #expect(refusal?.tag == Self.search)
        #expect(refusal?.reserved == MicroDollars(1000))
        #expect(try await a.budgetHeld(scope: "day:2027-01-15|tag:feature=search") == MicroDollars(1000))
        // Calls without the tag are not held to it.
        _ = try await gates[0].reserve(MicroDollars(5000))
        try await a.close()
        try await b.close()
    }

    @Test("a tag's shared daily scope starts from the ledger's records with that tag on that day")
    func tagScopeStartsFromTheTaggedLedger() async throws {
        let folder = try Folder()
        let a = try SQLiteStore(path: folder.database)
        let ledger = StoreCostLedger(store: a)
        try await ledger.append(record(cost: 300, tags: Self.searchTags))
        try await ledger.append(record(cost: 500))
        try await ledger.append(record(cost: 70, tags: ["feature": "chat"]))
        var yesterday = record(cost: 900, tags: Self.searchTags)
        yesterday.timestamp = Self.day.addingTimeInterval(-86_400)
        try await ledger.append(yesterday)
        let interval = UTCDay(Self.day).interval()
        #expect(try await a.ledgerSpent(from: interval.start, to: interval.end, tag: Self.search) == MicroDollars(300))
        let b = try SQLiteStore(path: folder.database)
        let limits = BudgetLimits(tagCaps: [Self.search: TagCaps(dailyCap: MicroDollars(1000))])
        let gateB = gate(b, limits: limits)
        let refusal = await #expect(throws: BudgetExceededError.self) {
            try await gateB.reserve(MicroDollars(701), tags: Self.searchTags)
        }
        #expect(refusal?.spent == MicroDollars(300))
        let held = try await gateB.reserve(MicroDollars(700), tags: Self.searchTags)
        await gateB.settle(held, with: record(cost: 600, tags: Self.searchTags))
        #expect(try await a.sharedBudget.spent(scope: "day:2027-01-15|tag:feature=search") == MicroDollars(900))
        #expect(try await gate(a, limits: limits).spentToday(tag: Self.search) == MicroDollars(900))
        // The scope of the caps of every call is untouched by the tag's: it was never reserved against.
        #expect(try await a.sharedBudget.spent(scope: "day:2027-01-15") == nil)
        try await a.close()
        try await b.close()
    }

    @Test("the overall and the tag's shared caps are held in one reservation: a refusal by either holds neither")
    func overallAndTagCapsAllOrNone() async throws {
        let folder = try Folder()
        let (a, b) = (try SQLiteStore(path: folder.database), try SQLiteStore(path: folder.database))
        let limits = BudgetLimits(
            dailyCap: MicroDollars(1000), tagCaps: [Self.search: TagCaps(dailyCap: MicroDollars(500))])
        let (gateA, gateB) = (gate(a, limits: limits), gate(b, limits: limits))
        _ = try await gateA.reserve(MicroDollars(400), tags: Self.searchTags)
        let byTag = await #expect(throws: BudgetExceededError.self) {
            try await gateB.reserve(MicroDollars(200), tags: Self.searchTags)
        }
        #expect(byTag?.cap == .tagDaily)
        #expect(try await a.budgetHeld(scope: "day:2027-01-15") == MicroDollars(400))
        _ = try await gateB.reserve(MicroDollars(600))
        let overall = await #expect(throws: BudgetExceededError.self) {
            try await gateA.reserve(MicroDollars(1), tags: Self.searchTags)
        }
        #expect(overall?.cap == .daily)
        #expect(try await a.budgetHeld(scope: "day:2027-01-15|tag:feature=search") == MicroDollars(400))
        try await a.close()
        try await b.close()
    }
}
