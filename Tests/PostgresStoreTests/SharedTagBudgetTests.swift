import CostControl
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import PostgresStore
import Testing

@Suite(
    "Shared budget per cost tag", .enabled(if: TestServer.isConfigured, TestServer.skipReason),
    .timeLimit(.minutes(3)))
struct SharedTagBudgetTests {
    static let day = Date(timeIntervalSince1970: 1_800_000_000)
    static let search = CostTag(key: "feature", value: "search")
    static let searchTags = ["feature": "search"]

    func gate(_ store: PostgresStore, limits: BudgetLimits) -> BudgetGate {
        BudgetGate(limits: limits, ledger: StoreCostLedger(store: store), shared: store.sharedBudget, now: { Self.day })
    }

    func record(cost: Int64, tags: [String: String] = [:], at date: Date = day) -> CostRecord {
        CostRecord(
            model: "claude-haiku-4-5", provider: .anthropic, usage: Usage(inputTokens: 10, outputTokens: 10),
            cost: MicroDollars(cost), tags: tags, timestamp: date)
    }

    @Test("two instances reserving tagged calls at once never pass the tag's daily cap together")
    func concurrentReservations() async throws {
        let fixture = try await StoreFixture()
        let a = try await fixture.open()
        let b = try await fixture.open()
        let limits = BudgetLimits(
            dailyCap: MicroDollars(100_000), tagCaps: [Self.search: TagCaps(dailyCap: MicroDollars(1000))])
        let gates = [gate(a, limits: limits), gate(b, limits: limits)]
        let granted = try await ConcurrentReservations.granted(
            30, of: MicroDollars(100), across: gates, tags: Self.searchTags)
        #expect(granted == 10, "1000 held in steps of 100, whatever the interleaving")
        let refusal = await #expect(throws: BudgetExceededError.self) {
            try await gates[1].reserve(MicroDollars(1), tags: Self.searchTags)
        }
        #expect(refusal?.cap == .tagDaily)
        #expect(refusal?.tag == Self.search)
        #expect(refusal?.reserved == MicroDollars(1000))
        // The overall cap held the same calls, in the same reservations.
        let overall = await #expect(throws: BudgetExceededError.self) {
            try await gates[0].reserve(MicroDollars(99_001))
        }
        #expect(overall?.cap == .daily)
        #expect(overall?.reserved == MicroDollars(1000))
        try await a.close()
        try await b.close()
    }

    @Test("a tag's shared daily scope starts from the shared ledger's records with that tag on that day")
    func scopeStartsFromTheTaggedLedger() async throws {
        let fixture = try await StoreFixture()
        let a = try await fixture.open()
        let ledger = StoreCostLedger(store: a)
        try await ledger.append(record(cost: 300, tags: Self.searchTags))
        try await ledger.append(record(cost: 500))
        try await ledger.append(record(cost: 70, tags: ["feature": "chat"]))
        try await ledger.append(record(cost: 900, tags: Self.searchTags, at: Self.day.addingTimeInterval(-86_400)))
        let interval = UTCDay(Self.day).interval()
        #expect(try await a.ledgerSpent(from: interval.start, to: interval.end, tag: Self.search) == MicroDollars(300))
        let b = try await fixture.open()
        let limits = BudgetLimits(tagCaps: [Self.search: TagCaps(dailyCap: MicroDollars(1000))])
        let gateB = gate(b, limits: limits)
        let refusal = await #expect(throws: BudgetExceededError.self) {
            try await gateB.reserve(MicroDollars(701), tags: Self.searchTags)
        }
        #expect(refusal?.spent == MicroDollars(300))
        let held = try await gateB.reserve(MicroDollars(700), tags: Self.searchTags)
        await gateB.settle(held, with: record(cost: 600, tags: Self.searchTags))
        #expect(try await a.sharedBudget.spent(scope: "day:2027-01-15|tag:feature=search") == MicroDollars(900))
        // A tag's run cap is shared under the run's name.
        let named = BudgetLimits(
            sharedRunName: "nightly", tagCaps: [Self.search: TagCaps(runCap: MicroDollars(500))])
        _ = try await gate(a, limits: named).reserve(MicroDollars(400), tags: Self.searchTags)
        let run = await #expect(throws: BudgetExceededError.self) {
            try await gate(b, limits: named).reserve(MicroDollars(200), tags: Self.searchTags)
        }
        #expect(run?.cap == .tagRun)
        #expect(run?.tag == Self.search)
        try await a.close()
        try await b.close()
    }

    @Test("two processes reserving tagged calls at once stop at the tag's cap")
    func processesStopAtTheTagCap() async throws {
        let url = try await TestServer.freshDatabase()
        let go = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-go-\(UUID())")
        defer { try? FileManager.default.removeItem(at: go) }
        let arguments = [
            "reserve", "--db", url, "--tag", "feature=search", "--tag-daily-cap-micros", "1000", "--amount-micros",
            "100", "--count", "30", "--wait-for", go.path,
        ]
        async let first = Subprocess.run(Subprocess.fixture, arguments)
        async let second = Subprocess.run(Subprocess.fixture, arguments)
        try await Task.sleep(for: .milliseconds(500))
        try Data().write(to: go)
        let results = try await [first, second]
        var granted = 0
        for result in results {
            #expect(result.status == 0, "\(result.stderr)")
            let line = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Int]
            granted += line?["granted"] ?? 0
            #expect(line?["refused"] == line?["refusedByTagDaily"])
        }
        #expect(granted == 10, "1000 in steps of 100 across both processes")
        let store = try await PostgresStore.open(url: url, options: .forTests)
        let spent = try await store.ledgerSpent(from: .distantPast, to: .distantFuture, tag: Self.search)
        #expect(spent == MicroDollars(1000))
        try await store.close()
    }
}
