import CostControl
import Foundation
import LLMCore
import Testing

@Suite("Budget caps")
struct BudgetGateTests {
    static func record(_ cost: MicroDollars, at date: Date) -> CostRecord {
        CostRecord(model: "claude-haiku-4-5", provider: .anthropic, usage: Usage(), cost: cost, timestamp: date)
    }

    @Test("a run stops exactly before it would overspend its cap")
    func runCapStopsExactly() async throws {
        let clock = ManualClock(TestData.noon)
        let gate = BudgetGate(limits: BudgetLimits(runCap: .cents(100)), now: clock.function)
        let perCall = MicroDollars.cents(30)
        for _ in 0..<3 {
            let reservation = try await gate.reserve(perCall)
            await gate.settle(reservation, with: Self.record(perCall, at: clock.now))
        }
        let refusal = await #expect(throws: BudgetExceededError.self) { try await gate.reserve(perCall) }
        #expect(
            refusal
                == BudgetExceededError(
                    cap: .run, spent: .cents(90), reserved: .zero, limit: .cents(100), estimate: perCall))
        #expect(await gate.spentThisRun == .cents(90))
        // A call that fits exactly is still allowed: the cap is "at or under".
        let last = try await gate.reserve(.cents(10))
        await gate.settle(last, with: Self.record(.cents(10), at: clock.now))
        #expect(await gate.spentThisRun == .cents(100))
        await #expect(throws: BudgetExceededError.self) { try await gate.reserve(MicroDollars(1)) }
    }

    @Test("reserved money counts against the cap until it is settled or cancelled")
    func reservationsHold() async throws {
        let gate = BudgetGate(limits: BudgetLimits(runCap: .cents(10)))
        let first = try await gate.reserve(.cents(6))
        let refusal = await #expect(throws: BudgetExceededError.self) { try await gate.reserve(.cents(5)) }
        #expect(refusal?.reserved == .cents(6))
        await gate.cancel(first)
        _ = try await gate.reserve(.cents(5))
        #expect(await gate.reservedNow == .cents(5))
    }

    @Test("the per-request maximum refuses a single expensive call")
    func perRequestMax() async throws {
        let gate = BudgetGate(limits: BudgetLimits(perRequestMax: .cents(5)))
        _ = try await gate.reserve(.cents(5))
        let refusal = await #expect(throws: BudgetExceededError.self) { try await gate.reserve(MicroDollars(50_001)) }
        #expect(refusal?.cap == .perRequest)
        #expect(refusal?.limit == .cents(5))
        #expect(refusal?.estimate == MicroDollars(50_001))
    }

    @Test("the kill switch refuses everything until disengaged")
    func killSwitch() async throws {
        let gate = BudgetGate(limits: BudgetLimits())
        await gate.engageKillSwitch()
        let refusal = await #expect(throws: BudgetExceededError.self) { try await gate.reserve(MicroDollars(1)) }
        #expect(refusal?.cap == .killSwitch)
        await gate.disengageKillSwitch()
        _ = try await gate.reserve(MicroDollars(1))
    }

    @Test("a kill-switch file stops spending while it exists")
    func killSwitchFile() async throws {
        let file = try TestData.temporaryDirectory().appendingPathComponent("STOP")
        let gate = BudgetGate(limits: BudgetLimits(killSwitchFile: file))
        _ = try await gate.reserve(MicroDollars(1))
        try Data().write(to: file)
        #expect(await gate.isKillSwitchEngaged)
        let refusal = await #expect(throws: BudgetExceededError.self) { try await gate.reserve(MicroDollars(1)) }
        #expect(refusal?.cap == .killSwitch)
        try FileManager.default.removeItem(at: file)
        _ = try await gate.reserve(MicroDollars(1))
    }

    @Test("the daily cap survives a restart through the file ledger")
    func dailyCapSurvivesRestart() async throws {
        let url = try TestData.temporaryDirectory().appendingPathComponent("spend.jsonl")
        let clock = ManualClock(TestData.noon)
        let limits = BudgetLimits(dailyCap: .dollars(1))
        do {
            let gate = BudgetGate(limits: limits, ledger: try FileCostLedger(url: url), now: clock.function)
            let reservation = try await gate.reserve(.cents(80))
            await gate.settle(reservation, with: Self.record(.cents(80), at: clock.now))
        }
        // A new process: a new gate and a new ledger read from the same file.
        clock.advance(by: 3_600)
        let restarted = BudgetGate(limits: limits, ledger: try FileCostLedger(url: url), now: clock.function)
        #expect(try await restarted.spentToday() == .cents(80))
        let refusal = await #expect(throws: BudgetExceededError.self) { try await restarted.reserve(.cents(30)) }
        #expect(
            refusal
                == BudgetExceededError(
                    cap: .daily, spent: .cents(80), reserved: .zero, limit: .dollars(1), estimate: .cents(30)))
        _ = try await restarted.reserve(.cents(20))
        // The next UTC day starts from zero.
        clock.advance(by: 12 * 3_600)
        #expect(try await restarted.spentToday() == .zero)
        _ = try await restarted.reserve(.cents(90))
    }

    @Test("1,000 concurrent calls against a cap end at or under it")
    func concurrentCalls() async throws {
        let cap = MicroDollars.cents(100)
        let ledger = InMemoryCostLedger()
        let gate = BudgetGate(limits: BudgetLimits(runCap: cap, dailyCap: cap), ledger: ledger)
        let estimate = MicroDollars(3_700)  // 270 fit under $1.00; 1,000 would be $3.70
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<1_000 {
                group.addTask {
                    do {
                        let reservation = try await gate.reserve(estimate)
                        if index.isMultiple(of: 2) { await Task.yield() }
                        // Real cost at or below the estimate, as with max_tokens reserved.
                        let actual = MicroDollars(estimate.rawValue - Int64(index % 3) * 100)
                        await gate.settle(reservation, with: Self.record(actual, at: Date()))
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        let spent = await gate.spentThisRun
        #expect(spent <= cap)
        #expect(try await ledger.totalSpent(on: UTCDay(Date())) == spent)
        #expect(admitted >= 270)
        #expect(admitted < 1_000)
        #expect(await gate.reservedNow == .zero)
    }
}
