import CostControl
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import PostgresStore
import Synchronization
import Testing

@Suite("Shared budget", .enabled(if: TestServer.isConfigured, TestServer.skipReason), .timeLimit(.minutes(3)))
struct SharedBudgetTests {
    static let day = Date(timeIntervalSince1970: 1_800_000_000)

    func gate(_ store: PostgresStore, limits: BudgetLimits) -> BudgetGate {
        BudgetGate(limits: limits, ledger: StoreCostLedger(store: store), shared: store.sharedBudget, now: { Self.day })
    }

    @Test("two instances reserving at once never pass the daily cap together")
    func concurrentReservations() async throws {
        let fixture = try await StoreFixture()
        let a = try await fixture.open()
        let b = try await fixture.open()
        let limits = BudgetLimits(dailyCap: MicroDollars(1000))
        let gates = [gate(a, limits: limits), gate(b, limits: limits)]
        let granted = try await ConcurrentReservations.granted(30, of: MicroDollars(100), across: gates)
        #expect(granted == 10, "1000 held in steps of 100, whatever the interleaving")
        let refusal = await #expect(throws: BudgetExceededError.self) { try await gates[1].reserve(MicroDollars(1)) }
        #expect(refusal?.cap == .daily)
        #expect(refusal?.reserved == MicroDollars(1000))
        try await a.close()
        try await b.close()
    }

    @Test("settled spend counts for every instance; cancelled holds are freed; the day starts from the ledger")
    func settleAndCancel() async throws {
        let fixture = try await StoreFixture()
        let a = try await fixture.open()
        try await StoreCostLedger(store: a).append(record(cost: 300))
        let b = try await fixture.open()
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
        #expect(
            try await b.ledgerSpent(from: Self.day.addingTimeInterval(-1), to: Self.day.addingTimeInterval(1))
                == MicroDollars(800))
        try await a.close()
        try await b.close()
    }

    @Test("a named run's cap is shared; without a name it stays per instance")
    func runCaps() async throws {
        let fixture = try await StoreFixture()
        let a = try await fixture.open()
        let b = try await fixture.open()
        let named = BudgetLimits(runCap: MicroDollars(500), sharedRunName: "nightly")
        _ = try await gate(a, limits: named).reserve(MicroDollars(400))
        let refusal = await #expect(throws: BudgetExceededError.self) {
            try await gate(b, limits: named).reserve(MicroDollars(200))
        }
        #expect(refusal?.cap == .run)
        let local = BudgetLimits(runCap: MicroDollars(500))
        _ = try await gate(a, limits: local).reserve(MicroDollars(400))
        _ = try await gate(b, limits: local).reserve(MicroDollars(400))
        try await a.close()
        try await b.close()
    }

    @Test("processes spending at once stop at the cap")
    func processesStopAtTheCap() async throws {
        let url = try await TestServer.freshDatabase()
        let cap: Int64 = 1000
        let arguments = ["a", "b"].map { tag in
            ["send", "--db", url, "--daily-cap-micros", "\(cap)"]
                + (0..<15).flatMap { ["--prompt", "Question \($0) from \(tag): what is \($0) squared?"] }
        }
        async let first = Subprocess.run(Subprocess.fixture, arguments[0])
        async let second = Subprocess.run(Subprocess.fixture, arguments[1])
        let results = try await [first, second]
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let lines = try results.flatMap { try sendLines($0.stdout) }
        let answered = lines.filter { $0.outcome == "miss" }
        let refused = lines.filter { $0.error?.contains("daily budget exceeded") == true }
        let hits = lines.filter { $0.outcome == "hit" }
        #expect(answered.count > 0)
        #expect(refused.count > 0, "30 calls do not fit in \(cap) micro-dollars")
        #expect(answered.count + refused.count + hits.count == 30, "\(lines.compactMap(\.error))")
        let store = try await PostgresStore.open(url: url, options: .forTests)
        let spent = try await store.ledgerSpent(from: .distantPast, to: .distantFuture).rawValue
        #expect(spent > 0)
        #expect(spent <= cap, "both processes together stayed within the cap")
        #expect(spent == answered.compactMap(\.costMicros).reduce(0, +))
        try await store.close()
    }

    private func record(cost: Int64) -> CostRecord {
        CostRecord(
            model: "claude-haiku-4-5", provider: .anthropic, usage: Usage(inputTokens: 10, outputTokens: 10),
            cost: MicroDollars(cost), timestamp: Self.day)
    }
}
