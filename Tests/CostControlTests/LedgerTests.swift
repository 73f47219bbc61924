import CostControl
import Foundation
import LLMCore
import Testing

@Suite("Ledgers")
struct LedgerTests {
    @Test("the file ledger reads its records back after a restart")
    func fileLedgerSurvivesReopen() async throws {
        let url = try TestData.temporaryDirectory().appendingPathComponent("ledger.jsonl")
        do {
            let ledger = try FileCostLedger(url: url)
            try await ledger.append(CostTrackerTests.record("haiku", 1_500))
            try await ledger.append(
                CostTrackerTests.record("sonnet", 2_500, at: TestData.noon.addingTimeInterval(86_400)))
        }
        let reopened = try FileCostLedger(url: url)
        #expect(await reopened.count == 2)
        #expect(try await reopened.totalSpent(on: UTCDay(TestData.noon)) == MicroDollars(1_500))
        let records = try FileCostLedger.records(at: url)
        #expect(records.map(\.model) == ["haiku", "sonnet"])
        #expect(records[0].timestamp == TestData.noon)
    }

    @Test("a torn last line is cut off and the next record starts cleanly")
    func tornLine() async throws {
        let url = try TestData.temporaryDirectory().appendingPathComponent("ledger.jsonl")
        do {
            let ledger = try FileCostLedger(url: url)
            try await ledger.append(CostTrackerTests.record("haiku", 1_000))
        }
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"model\": \"half-writ".utf8))
        try handle.close()
        let reopened = try FileCostLedger(url: url)
        #expect(await reopened.count == 1)
        try await reopened.append(CostTrackerTests.record("sonnet", 2_000))
        #expect(try FileCostLedger.records(at: url).count == 2)
    }

    @Test("a corrupt line in the middle is an error naming the file and line")
    func corruptLine() throws {
        let url = try TestData.temporaryDirectory().appendingPathComponent("ledger.jsonl")
        try Data("not json\n".utf8).write(to: url)
        let error = #expect(throws: FileCostLedger.FileError.self) { try FileCostLedger(url: url) }
        #expect(error?.line == 1)
        #expect(error?.path == url.path)
    }

    @Test("day totals use half-open UTC days")
    func halfOpenDays() async throws {
        let midnight = Date(timeIntervalSince1970: 1_773_532_800)  // 2026-03-15 00:00:00 UTC
        let ledger = InMemoryCostLedger()
        await ledger.append(CostTrackerTests.record("a", 1, at: midnight.addingTimeInterval(-0.001)))
        await ledger.append(CostTrackerTests.record("a", 10, at: midnight))
        #expect(try await ledger.totalSpent(on: UTCDay(midnight)) == MicroDollars(10))
        #expect(try await ledger.totalSpent(on: UTCDay(midnight.addingTimeInterval(-1))) == MicroDollars(1))
    }
}
