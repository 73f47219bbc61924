import CostControl
import Foundation
import LLMCore
import Synchronization
import Testing

/// Collects the alerts handed to it.
final class CollectingSink: BudgetAlertSink {
    private let alerts = Mutex<[BudgetAlert]>([])
    var received: [BudgetAlert] { alerts.withLock { $0 } }
    func deliver(_ alert: BudgetAlert) async { alerts.withLock { $0.append(alert) } }
}

/// A sink that never finishes delivering (a webhook that does not answer).
struct HangingSink: BudgetAlertSink {
    func deliver(_ alert: BudgetAlert) async {
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
    }
}

@Suite("Budget alerts and soft caps")
struct BudgetAlertTests {
    static func record(_ cost: MicroDollars, at date: Date) -> CostRecord {
        CostRecord(model: "claude-haiku-4-5", provider: .anthropic, usage: Usage(), cost: cost, timestamp: date)
    }

    /// Waits until `sink` has received `count` alerts (delivery runs in the background).
    static func received(_ sink: CollectingSink, count: Int) async -> [BudgetAlert] {
        for _ in 0..<500 where sink.received.count < count { try? await Task.sleep(for: .milliseconds(10)) }
        return sink.received
    }

    @Test("1,000 concurrent calls cross 50 %, 80 % and 100 % of the daily cap: each alert is raised exactly once")
    func exactlyOnceUnderConcurrency() async throws {
        let clock = ManualClock(TestData.noon)
        let sink = CollectingSink()
        let capture = LogCapture()
        let gate = BudgetGate(
            limits: BudgetLimits(dailyCap: MicroDollars(1_000)), ledger: InMemoryCostLedger(), now: clock.function,
            logger: capture.logger(), alertSinks: [sink])
        let granted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<1_000 {
                group.addTask {
                    guard let reservation = try? await gate.reserve(MicroDollars(1)) else { return false }
                    await gate.settle(reservation, with: Self.record(MicroDollars(1), at: clock.now))
                    return true
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(granted == 1_000)
        let alerts = await Self.received(sink, count: 3)
        #expect(alerts.map(\.levelLabel).sorted() == ["100%", "50%", "80%"])
        let day = "day:\(UTCDay(TestData.noon, timeZone: UTCDay.utc))"
        #expect(alerts.allSatisfy { $0.cap == .daily && !$0.soft && $0.scope == day })
        #expect(Set(alerts.map(\.level)) == [MicroDollars(500), MicroDollars(800), MicroDollars(1_000)])
        #expect(await gate.raisedAlerts == ["daily/50%": 1, "daily/80%": 1, "daily/100%": 1])
        let logged = capture.messages.filter { $0.message.hasPrefix("budget alert") }
        #expect(logged.count == 3)
        #expect(logged.filter { $0.level == .warning }.count == 2, "80 % and 100 % are warnings, 50 % a notice")
    }

    @Test("a soft cap warns once and refuses nothing; the run cap's shares alert once per run")
    func softCap() async throws {
        let clock = ManualClock(TestData.noon)
        let sink = CollectingSink()
        let gate = BudgetGate(
            limits: BudgetLimits(runCap: .cents(10), alertThresholds: [1.0], softRunCap: .cents(4)),
            now: clock.function, alertSinks: [sink])
        for _ in 0..<10 {
            let reservation = try await gate.reserve(.cents(1))
            await gate.settle(reservation, with: Self.record(.cents(1), at: clock.now))
        }
        await #expect(throws: BudgetExceededError.self) { try await gate.reserve(.cents(1)) }
        let alerts = await Self.received(sink, count: 2)
        #expect(alerts.map(\.levelLabel) == ["soft", "100%"])
        #expect(alerts.first?.spent == .cents(4) && alerts.first?.soft == true)
        #expect(await gate.raisedAlerts == ["run/soft": 1, "run/100%": 1])
    }

    @Test("a soft daily cap alone is counted from the ledger, and a restart above it raises nothing again")
    func softDailyFromLedger() async throws {
        let clock = ManualClock(TestData.noon)
        let ledger = InMemoryCostLedger(records: [Self.record(.cents(3), at: TestData.noon)])
        let limits = BudgetLimits(alertThresholds: [], softDailyCap: .cents(4))
        let sink = CollectingSink()
        let gate = BudgetGate(limits: limits, ledger: ledger, now: clock.function, alertSinks: [sink])
        let reservation = try await gate.reserve(.cents(2))
        await gate.settle(reservation, with: Self.record(.cents(2), at: clock.now))
        #expect(await Self.received(sink, count: 1).map(\.spent) == [.cents(5)])

        let restarted = CollectingSink()
        let again = BudgetGate(limits: limits, ledger: ledger, now: clock.function, alertSinks: [restarted])
        let next = try await again.reserve(.cents(1))
        await again.settle(next, with: Self.record(.cents(1), at: clock.now))
        try await Task.sleep(for: .milliseconds(50))
        #expect(restarted.received.isEmpty, "the crossing happened before the restart")
        #expect(await again.raisedAlerts.isEmpty)
    }

    @Test("a sink that never answers delays no call")
    func hangingSink() async throws {
        let clock = ManualClock(TestData.noon)
        let gate = BudgetGate(
            limits: BudgetLimits(runCap: .cents(2), alertThresholds: [0.5, 1.0]), now: clock.function,
            alertSinks: [HangingSink()])
        let started = ContinuousClock.now
        for _ in 0..<2 {
            let reservation = try await gate.reserve(.cents(1))
            await gate.settle(reservation, with: Self.record(.cents(1), at: clock.now))
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(await gate.raisedAlerts == ["run/50%": 1, "run/100%": 1])
    }

    @Test("an alert encodes as JSON with its amounts in micro-dollars")
    func json() throws {
        let alert = BudgetAlert(
            cap: .daily, soft: false, threshold: 0.8, level: MicroDollars(800), limit: MicroDollars(1_000),
            spent: MicroDollars(801), scope: "day:2027-01-15", at: Date(timeIntervalSince1970: 0))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(alert), as: UTF8.self)
        #expect(text.contains(#""level_micros":800"#) && text.contains(#""cap":"daily""#))
        #expect(alert.description == "daily spend $0.000801 reached 80% of the cap of $0.001 (day:2027-01-15)")
    }
}
