import CostControl
import Foundation
import LLMCore
import Testing

/// A ledger that refuses appends while it is down.
private actor FlakyLedger: CostLedger {
    struct Down: Error {}

    var isDown = false
    private(set) var records: [CostRecord] = []

    func setDown(_ down: Bool) { isDown = down }

    func append(_ record: CostRecord) async throws {
        if isDown { throw Down() }
        records.append(record)
    }

    func totalSpent(in interval: DateInterval) async throws -> MicroDollars {
        if isDown { throw Down() }
        return records.filter { interval.contains($0.timestamp) }.reduce(.zero) { $0 + $1.cost }
    }
}

@Suite("Spend the ledger cannot take yet")
struct UnwrittenSpendTests {
    @Test("a settled call is never failed by its ledger: the record waits in memory, counts, and is written later")
    func recordsWaitForTheLedger() async throws {
        let clock = ManualClock(TestData.noon)
        let ledger = FlakyLedger()
        let gate = BudgetGate(limits: BudgetLimits(dailyCap: .cents(100)), ledger: ledger, now: clock.function)
        let first = try await gate.reserve(.cents(30))
        await ledger.setDown(true)
        await gate.settle(first, with: BudgetGateTests.record(.cents(30), at: clock.now))
        #expect(await gate.unwrittenRecords == 1)
        #expect(try await gate.spentToday() == .cents(30), "the unwritten record still counts against the cap")
        let second = try await gate.reserve(.cents(60))
        await gate.settle(second, with: BudgetGateTests.record(.cents(60), at: clock.now))
        #expect(await gate.unwrittenRecords == 2)
        await #expect(throws: BudgetExceededError.self) { try await gate.reserve(.cents(20)) }
        #expect(await gate.writeOutstanding() == false, "still down")

        await ledger.setDown(false)
        #expect(await gate.writeOutstanding())
        #expect(await gate.unwrittenRecords == 0)
        #expect(await ledger.records.map(\.cost) == [.cents(30), .cents(60)], "written once each, in order")
    }

    @Test("without further calls, the records are written by themselves once the ledger answers")
    func retriedByItself() async throws {
        let ledger = FlakyLedger()
        let gate = BudgetGate(limits: BudgetLimits(), ledger: ledger)
        let reservation = try await gate.reserve(.cents(5))
        await ledger.setDown(true)
        await gate.settle(reservation, with: BudgetGateTests.record(.cents(5), at: Date()))
        #expect(await gate.unwrittenRecords == 1)
        await ledger.setDown(false)
        let deadline = ContinuousClock.now + .seconds(20)
        while await gate.unwrittenRecords > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(await gate.unwrittenRecords == 0)
        #expect(await ledger.records.count == 1)
    }

    @Test("a gate that starts a new day counts that day's records not yet in the ledger")
    func newDayCountsUnwritten() async throws {
        let clock = ManualClock(TestData.noon)
        let ledger = FlakyLedger()
        let gate = BudgetGate(limits: BudgetLimits(dailyCap: .cents(100)), ledger: ledger, now: clock.function)
        let reservation = try await gate.reserve(.cents(40))
        await ledger.setDown(true)
        clock.advance(by: 13 * 3600)
        await gate.settle(reservation, with: BudgetGateTests.record(.cents(40), at: clock.now))
        await ledger.setDown(false)
        #expect(try await gate.spentToday() == .cents(40))
        #expect(await gate.writeOutstanding())
        #expect(await ledger.records.count == 1)
    }
}
