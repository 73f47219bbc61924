import CacheStorage
import Foundation
import LLMCore
import Testing

@Suite("Cost ledger table")
struct LedgerTests {
    func row(_ model: String, cost: Int64, at: Date, tags: [String: String] = [:]) -> LedgerRow {
        LedgerRow(
            recordID: UUID().uuidString, at: at, provider: "anthropic", model: model, inputTokens: 10, outputTokens: 5,
            cacheReadTokens: 100, cacheWrite5mTokens: 20, cacheWrite1hTokens: 30, cost: MicroDollars(cost), tags: tags,
            attempt: 1)
    }

    @Test("rows survive reopening and are summed by range, model, tag and day")
    func summary() async throws {
        let database = try TestDatabase()
        let store = try database.open()
        let day1 = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15
        let day2 = day1.addingTimeInterval(86_400)
        try await store.appendLedger(row("claude-haiku-4-5", cost: 100, at: day1, tags: ["feature": "faq"]))
        try await store.appendLedger(
            row("claude-haiku-4-5", cost: 200, at: day2, tags: ["feature": "faq", "stage": "a"]))
        try await store.appendLedger(row("gpt-4.1-mini", cost: 1000, at: day2))
        try await store.close()

        let reopened = try database.open()
        #expect(try await reopened.ledgerSpent(from: day1, to: day2) == MicroDollars(100))
        #expect(try await reopened.ledgerSpent(from: day1, to: day2.addingTimeInterval(1)) == MicroDollars(1300))
        let summary = try await reopened.spendSummary()
        #expect(summary.total.calls == 3)
        #expect(summary.total.cost == MicroDollars(1300))
        #expect(summary.total.inputTokens == 3 * 160)
        #expect(summary.byModel.map(\.group) == ["gpt-4.1-mini", "claude-haiku-4-5"])
        #expect(summary.byModel.map(\.cost.rawValue) == [1000, 300])
        #expect(summary.byTag.map(\.group) == ["feature=faq", "stage=a"])
        #expect(summary.byTag.map(\.calls) == [2, 1])
        #expect(summary.byDay.map(\.cost.rawValue) == [1200, 100])
    }
}
