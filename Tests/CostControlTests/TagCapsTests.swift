import CostControl
import Foundation
import LLMCore
import Testing

@Suite("Budget caps per cost tag")
struct TagCapsTests {
    static let search = CostTag(key: "feature", value: "search")
    static let rerank = CostTag(key: "stage", value: "rerank")
    static let searchTags = ["feature": "search"]

    static func record(_ cost: MicroDollars, tags: [String: String], at date: Date) -> CostRecord {
        CostRecord(
            model: "claude-haiku-4-5", provider: .anthropic, usage: Usage(), cost: cost, tags: tags, timestamp: date)
    }

    @Test("1,000 concurrent reservations of one tag never hold more than the tag's daily cap; other calls go on")
    func concurrentReservationsStayUnderTheTagCap() async throws {
        let clock = ManualClock(TestData.noon)
        let gate = BudgetGate(
            limits: BudgetLimits(tagCaps: [Self.search: TagCaps(dailyCap: MicroDollars(1_000))]),
            ledger: InMemoryCostLedger(), now: clock.function)
        let granted = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<1_000 {
                group.addTask {
                    do {
                        _ = try await gate.reserve(MicroDollars(3), tags: Self.searchTags)
                        return 1
                    } catch let refusal as BudgetExceededError {
                        #expect(refusal.cap == .tagDaily && refusal.tag == Self.search)
                        return 0
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(granted == 333, "333 × 3 = 999 fit under 1,000; one more would pass it")
        #expect(await gate.reservedNow == MicroDollars(999))
        // A call without the tag (or with another value) is not held to it.
        _ = try await gate.reserve(MicroDollars(500))
        _ = try await gate.reserve(MicroDollars(500), tags: ["feature": "chat"])
    }

    @Test("1,000 concurrent calls of one tag, reserved and settled, end at or under the tag's run cap")
    func concurrentSettledCallsStayUnderTheRunCap() async throws {
        let ledger = InMemoryCostLedger()
        let gate = BudgetGate(
            limits: BudgetLimits(tagCaps: [Self.search: TagCaps(runCap: MicroDollars(10_000))]), ledger: ledger)
        let granted = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<1_000 {
                group.addTask {
                    guard let reservation = try? await gate.reserve(MicroDollars(37), tags: Self.searchTags) else {
                        return 0
                    }
                    await gate.settle(
                        reservation, with: Self.record(MicroDollars(37), tags: Self.searchTags, at: Date()))
                    return 1
                }
            }
            return await group.reduce(0, +)
        }
        #expect(granted == 270)
        #expect(await gate.spentThisRun(tag: Self.search) == MicroDollars(9_990))
        #expect(await ledger.records.count == 270)
    }

    @Test("a call with two tags is refused when either tag's cap would pass, and then holds neither")
    func twoTagsAllOrNone() async throws {
        let gate = BudgetGate(
            limits: BudgetLimits(
                dailyCap: MicroDollars(1_000),
                tagCaps: [
                    Self.search: TagCaps(dailyCap: MicroDollars(100)), Self.rerank: TagCaps(runCap: MicroDollars(50)),
                ]), ledger: InMemoryCostLedger())
        let both = ["feature": "search", "stage": "rerank"]
        _ = try await gate.reserve(MicroDollars(40), tags: both)
        let refusal = await #expect(throws: BudgetExceededError.self) {
            try await gate.reserve(MicroDollars(20), tags: both)
        }
        #expect(
            refusal
                == BudgetExceededError(
                    cap: .tagRun, spent: .zero, reserved: MicroDollars(40), limit: MicroDollars(50),
                    estimate: MicroDollars(20), tag: Self.rerank))
        #expect(refusal?.description.contains("run budget of cost tag stage=rerank exceeded") == true)
        #expect(refusal?.advice.contains("stage=rerank") == true)
        // Nothing of the refused call is held: not on the other tag, not on the daily cap.
        #expect(await gate.reservedNow == MicroDollars(40))
        _ = try await gate.reserve(MicroDollars(60), tags: Self.searchTags)
        let daily = await #expect(throws: BudgetExceededError.self) {
            try await gate.reserve(MicroDollars(1), tags: both)
        }
        #expect(daily?.cap == .tagDaily)
        #expect(daily?.tag == Self.search)
        #expect(daily?.reserved == MicroDollars(100))
        // The overall cap still counts every call, tagged or not.
        _ = try await gate.reserve(MicroDollars(900))
        let overall = await #expect(throws: BudgetExceededError.self) { try await gate.reserve(MicroDollars(1)) }
        #expect(overall?.cap == .daily)
        #expect(overall?.tag == nil)
    }

    @Test("a cancelled reservation frees the tag's hold; the settled cost counts against the tag")
    func cancelAndSettle() async throws {
        let gate = BudgetGate(
            limits: BudgetLimits(tagCaps: [Self.search: TagCaps(dailyCap: MicroDollars(100))]),
            ledger: InMemoryCostLedger(), now: { TestData.noon })
        let held = try await gate.reserve(MicroDollars(100), tags: Self.searchTags)
        await #expect(throws: BudgetExceededError.self) {
            try await gate.reserve(MicroDollars(1), tags: Self.searchTags)
        }
        await gate.cancel(held)
        let second = try await gate.reserve(MicroDollars(100), tags: Self.searchTags)
        await gate.settle(second, with: Self.record(MicroDollars(70), tags: Self.searchTags, at: TestData.noon))
        #expect(try await gate.spentToday(tag: Self.search) == MicroDollars(70))
        _ = try await gate.reserve(MicroDollars(30), tags: Self.searchTags)
        let refusal = await #expect(throws: BudgetExceededError.self) {
            try await gate.reserve(MicroDollars(1), tags: Self.searchTags)
        }
        #expect(refusal?.spent == MicroDollars(70))
        #expect(refusal?.reserved == MicroDollars(30))
    }

    @Test("a tag's daily cap survives a restart through the file ledger, counting only that tag's records")
    func tagDailyCapSurvivesRestart() async throws {
        let url = try TestData.temporaryDirectory().appendingPathComponent("spend.jsonl")
        let clock = ManualClock(TestData.noon)
        let limits = BudgetLimits(tagCaps: [Self.search: TagCaps(dailyCap: .dollars(1))])
        do {
            let gate = BudgetGate(limits: limits, ledger: try FileCostLedger(url: url), now: clock.function)
            for (cost, tags) in [
                (MicroDollars.cents(60), Self.searchTags), (.cents(90), [:]), (.cents(5), ["feature": "chat"]),
            ] {
                let reservation = try await gate.reserve(cost, tags: tags)
                await gate.settle(reservation, with: Self.record(cost, tags: tags, at: clock.now))
            }
        }
        // A new process: a new gate and a new ledger read from the same file.
        clock.advance(by: 3_600)
        let restarted = BudgetGate(limits: limits, ledger: try FileCostLedger(url: url), now: clock.function)
        #expect(try await restarted.spentToday(tag: Self.search) == .cents(60))
        let refusal = await #expect(throws: BudgetExceededError.self) {
            try await restarted.reserve(.cents(41), tags: Self.searchTags)
        }
        #expect(
            refusal
                == BudgetExceededError(
                    cap: .tagDaily, spent: .cents(60), reserved: .zero, limit: .dollars(1), estimate: .cents(41),
                    tag: Self.search))
        _ = try await restarted.reserve(.cents(40), tags: Self.searchTags)
        // The next UTC day starts from zero.
        clock.advance(by: 12 * 3_600)
        #expect(try await restarted.spentToday(tag: Self.search) == .zero)
        _ = try await restarted.reserve(.cents(100), tags: Self.searchTags)
    }

    @Test("the in-memory and file ledgers total by tag")
    func ledgerTotalsByTag() async throws {
        let url = try TestData.temporaryDirectory().appendingPathComponent("spend.jsonl")
        let file = try FileCostLedger(url: url)
        let memory = InMemoryCostLedger()
        let day = UTCDay(TestData.noon)
        let records = [
            Self.record(MicroDollars(10), tags: Self.searchTags, at: TestData.noon),
            Self.record(MicroDollars(20), tags: ["feature": "search", "stage": "rerank"], at: TestData.noon),
            Self.record(MicroDollars(40), tags: ["feature": "chat"], at: TestData.noon),
            Self.record(MicroDollars(80), tags: Self.searchTags, at: TestData.noon.addingTimeInterval(86_400)),
        ]
        for record in records {
            try await file.append(record)
            await memory.append(record)
        }
        for ledger in [file, memory] as [any CostLedger] {
            #expect(try await ledger.totalSpent(on: day, tag: Self.search) == MicroDollars(30))
            #expect(try await ledger.totalSpent(on: day, tag: Self.rerank) == MicroDollars(20))
            #expect(try await ledger.totalSpent(on: day, tag: CostTag(key: "feature", value: "none")) == .zero)
        }
        let reopened = try FileCostLedger(url: url)
        #expect(try await reopened.totalSpent(on: day, tag: Self.search) == MicroDollars(30))
    }

    @Test("thresholds and soft caps of a tag raise alerts that name the tag, once each, counted by tag")
    func tagAlerts() async throws {
        let sink = CollectingSink()
        let gate = BudgetGate(
            limits: BudgetLimits(
                alertThresholds: [0.5, 1.0],
                tagCaps: [Self.search: TagCaps(dailyCap: MicroDollars(100), softRunCap: MicroDollars(30))]),
            ledger: InMemoryCostLedger(), now: { TestData.noon }, alertSinks: [sink])
        for cost in [40, 20, 10] {
            let reservation = try await gate.reserve(MicroDollars(Int64(cost)), tags: Self.searchTags)
            await gate.settle(
                reservation, with: Self.record(MicroDollars(Int64(cost)), tags: Self.searchTags, at: TestData.noon))
        }
        // Untagged spend does not move the tag's levels.
        let untagged = try await gate.reserve(MicroDollars(500))
        await gate.settle(untagged, with: Self.record(MicroDollars(500), tags: [:], at: TestData.noon))
        #expect(await gate.raisedTagAlerts == [Self.search: ["run/soft": 1, "daily/50%": 1]])
        #expect(await gate.raisedAlerts.isEmpty)
        let alerts = await BudgetAlertTests.received(sink, count: 2)
        #expect(alerts.count == 2)
        let day = UTCDay(TestData.noon)
        let daily = try #require(alerts.first { $0.cap == .daily })
        #expect(daily.tag == Self.search)
        #expect(daily.scope == "day:\(day)|tag:feature=search")
        #expect(daily.spent == MicroDollars(60))
        #expect(daily.description.contains("cost tag feature=search"))
        let soft = try #require(alerts.first { $0.cap == .run })
        #expect(soft.soft && soft.scope == "run|tag:feature=search" && soft.spent == MicroDollars(40))
        let json = String(decoding: try JSONEncoder().encode(daily), as: UTF8.self)
        #expect(json.contains(#""tag":"feature=search""#))
        #expect(try JSONDecoder().decode(BudgetAlert.self, from: Data(json.utf8)) == daily)
    }

    @Test("the daily levels a day's spend has reached, for a report in another process")
    func dailyAlertsReached() {
        let limits = BudgetLimits(
            dailyCap: MicroDollars(1_000),
            tagCaps: [Self.search: TagCaps(dailyCap: MicroDollars(100), softDailyCap: MicroDollars(70))])
        let day = UTCDay(TestData.noon)
        #expect(
            limits.dailyAlertsReached(spent: MicroDollars(80), tag: Self.search, day: day, at: TestData.noon)
                .map(\.levelLabel) == ["50%", "soft", "80%"])
        #expect(limits.dailyAlertsReached(spent: MicroDollars(499), day: day, at: TestData.noon).isEmpty)
        #expect(
            limits.dailyAlertsReached(spent: MicroDollars(1_000), day: day, at: TestData.noon).map(\.levelLabel)
                == ["50%", "80%", "100%"])
    }

    @Test("CostGuard charges a call against the caps of the tags it carries")
    func costGuardPassesTags() async throws {
        let pricing = try TestData.pricing()
        let gate = BudgetGate(limits: BudgetLimits(tagCaps: [Self.search: TagCaps(dailyCap: MicroDollars(1))]))
        let guarded = CostGuard(pricing: pricing, gate: gate)
        let request = LLMRequest(model: "claude-haiku-4-5", messages: [.user("hello")], maxTokens: 100)
        let refusal = await #expect(throws: BudgetExceededError.self) {
            _ = try await guarded.call(request, tags: Self.searchTags) { _ in
                Issue.record("a refused call is never sent")
                throw CancellationError()
            }
        }
        #expect(refusal?.cap == .tagDaily)
        #expect(refusal?.tag == Self.search)
    }

    @Test("cost tags are written key=value and read back, split at the first =")
    func costTagSpelling() throws {
        #expect(CostTag(parsing: "feature=search") == Self.search)
        #expect(CostTag(parsing: "query=a=b") == CostTag(key: "query", value: "a=b"))
        #expect(CostTag(parsing: "feature=") == CostTag(key: "feature", value: ""))
        #expect(CostTag(parsing: "search") == nil)
        #expect(CostTag(parsing: "=search") == nil)
        #expect("\(Self.search)" == "feature=search")
        #expect(CostTag.tags(of: ["stage": "rerank", "feature": "search"]) == [Self.search, Self.rerank])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CostTag.self, from: Data(#""search""#.utf8)) }
    }
}
