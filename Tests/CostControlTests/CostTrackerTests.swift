import CostControl
import Foundation
import LLMCacheTesting
import LLMCore
import Testing

@Suite("Cost tracker")
struct CostTrackerTests {
    static func record(_ model: String, _ cost: Int64, feature: String? = nil, at date: Date = TestData.noon)
        -> CostRecord
    {
        CostRecord(
            model: model, provider: .anthropic, usage: Usage(inputTokens: 10, outputTokens: 5),
            cost: MicroDollars(cost),
            tags: feature.map { ["feature": $0] } ?? [:], timestamp: date)
    }

    @Test("adding returns a new tracker and leaves the old one unchanged")
    func immutability() {
        let empty = CostTracker(limit: .cents(50))
        let one = empty.adding(Self.record("claude-haiku-4-5", 1_000))
        #expect(empty.callCount == 0)
        #expect(empty.total == .zero)
        #expect(one.callCount == 1)
        #expect(one.total == MicroDollars(1_000))
    }

    @Test("the tracker's limit is a hard cap for checked adds")
    func trackerCap() throws {
        let tracker = try CostTracker(limit: .cents(5)).checkedAdding(Self.record("a", 30_000))
            .checkedAdding(Self.record("a", 20_000))
        #expect(tracker.total == .cents(5))
        let refusal = #expect(throws: BudgetExceededError.self) { try tracker.checkedAdding(Self.record("a", 1)) }
        #expect(refusal?.cap == .run)
        #expect(refusal?.spent == .cents(5))
        #expect(tracker.callCount == 2)
    }

    @Test("summary reads like $0.0234 / $0.50 (3 calls)")
    func summary() {
        let tracker = CostTracker(limit: .cents(50)).adding(
            contentsOf: [
                Self.record("a", 10_000), Self.record("b", 10_000), Self.record("a", 3_400),
            ])
        #expect(tracker.summary == "$0.0234 / $0.50 (3 calls)")
        #expect(CostTracker().adding(Self.record("a", 1)).summary == "$0.000001 (1 call)")
        #expect(tracker.remaining == MicroDollars(476_600))
    }

    @Test("breakdowns by model, tag and UTC day")
    func breakdowns() {
        let lateNight = Date(timeIntervalSince1970: 1_773_532_799)  // 2026-03-14 23:59:59 UTC
        let nextMorning = lateNight.addingTimeInterval(1)
        let tracker = CostTracker().adding(
            contentsOf: [
                Self.record("haiku", 100, feature: "search", at: lateNight),
                Self.record("sonnet", 2_000, feature: "search", at: nextMorning),
                Self.record("haiku", 50, feature: "summary", at: nextMorning),
                Self.record("haiku", 7),
            ])
        #expect(tracker.byModel == ["haiku": MicroDollars(157), "sonnet": MicroDollars(2_000)])
        #expect(tracker.byTag("feature") == ["search": MicroDollars(2_100), "summary": MicroDollars(50)])
        #expect(tracker.byDay[UTCDay(lateNight)] == MicroDollars(107))
        #expect(tracker.byDay[UTCDay(nextMorning)] == MicroDollars(2_050))
        #expect(UTCDay(nextMorning).description == "2026-03-15")
        #expect(tracker.callsByModel == ["haiku": 3, "sonnet": 1])
    }

    @Test("adding records in any order gives the same totals (property, 200 random orders)")
    func orderIndependence() {
        var generator = SplitMix64(seed: 42)
        let models = ["haiku", "sonnet", "opus", "gpt-4.1-mini"]
        let features = ["search", "summary", "extract"]
        let records = (0..<300).map { index in
            Self.record(
                models[Int(generator.next() % 4)], Int64(generator.next() % 5_000_000), feature: features[index % 3],
                at: TestData.noon.addingTimeInterval(Double(generator.next() % 400_000)))
        }
        let reference = CostTracker().adding(contentsOf: records)
        for _ in 0..<200 {
            let shuffled = CostTracker().adding(contentsOf: records.shuffled(using: &generator))
            #expect(shuffled.total == reference.total)
            #expect(shuffled.byModel == reference.byModel)
            #expect(shuffled.byTag("feature") == reference.byTag("feature"))
            #expect(shuffled.byDay == reference.byDay)
            #expect(shuffled.callCount == reference.callCount)
        }
    }
}
