import CostControl
import LLMCore
import PromptCaching
import Testing

@Suite("Expected effect: write premium, read saving, break-even")
struct BreakEvenTests {
    /// A 10,000-token system prompt on Sonnet 4.5 and a short question.
    static func tenThousandTokenPrefix(model: String = "claude-sonnet-4-5") -> LLMRequest {
        LLMRequest(model: model, system: [TextBlock(Fixture.text(10_000))], messages: [.user("Question?")])
    }

    @Test("10,000 tokens on Sonnet 4.5, 5m: $0.0375 vs $0.03, premium $0.0075, read saves $0.027, even after 1")
    func byHand() throws {
        let plan = try Fixture.planner().plan(
            Self.tenThousandTokenPrefix(), expectedReuseInterval: .seconds(120), expectedReuses: 3)
        let effect = plan.effect
        #expect(effect.cachedTokens == 10_000)
        #expect(effect.uncachedCost == MicroDollars(30_000))  // 10,000 × $3 / MTok
        #expect(effect.writeCost == MicroDollars(37_500))  // 10,000 × $3.75 / MTok (1.25 ×)
        #expect(effect.writePremium == MicroDollars(7_500))
        #expect(effect.readCost == MicroDollars(3_000))  // 10,000 × $0.30 / MTok (0.1 ×)
        #expect(effect.readSavingPerReuse == MicroDollars(27_000))
        #expect(effect.breakEvenReuses == 1)
        #expect(effect.expectedNetSaving == MicroDollars(3 * 27_000 - 7_500))
        #expect(effect.writePremium.formatted() == "$0.0075")
        #expect(effect.readSavingPerReuse.formatted() == "$0.027")
    }

    @Test("the 1h lifetime writes at 2 ×: premium $0.03, even after 2 reuses")
    func oneHour() throws {
        let plan = try Fixture.planner().plan(
            Self.tenThousandTokenPrefix(), expectedReuseInterval: .seconds(1_200), expectedReuses: 2)
        #expect(plan.plannedBreakpoints.map(\.ttl) == [.oneHour])
        #expect(plan.effect.writeCost == MicroDollars(60_000))
        #expect(plan.effect.writePremium == MicroDollars(30_000))
        #expect(plan.effect.breakEvenReuses == 2)  // 30,000 / 27,000 rounded up
        #expect(plan.effect.expectedNetSaving == MicroDollars(24_000))
    }

    @Test(
        "too few expected reuses withdraw the planner's breakpoints",
        arguments: [
            (Duration.seconds(1_200), 1, false), (.seconds(1_200), 2, true), (.seconds(60), 1, true),
            (.seconds(60), 0, false),
        ])
    func worthwhile(interval: Duration, reuses: Int, marked: Bool) throws {
        let plan = try Fixture.planner().plan(
            Self.tenThousandTokenPrefix(), expectedReuseInterval: interval, expectedReuses: reuses)
        #expect(plan.plannedBreakpoints.count == (marked ? 1 : 0))
        #expect(plan.markerCount == (marked ? 1 : 0))
        if !marked {
            #expect(plan.effect.cachedTokens == 0)
            #expect(
                plan.notes.contains(.notWorthwhile(expectedReuses: reuses, breakEvenReuses: 2))
                    || plan.notes.contains(.noReuseExpected))
        }
    }

    @Test("mixed lifetimes: each stretch is written at the rate of the breakpoint that ends it")
    func mixedSegments() throws {
        let rates = try Fixture.pricing().price(for: "claude-sonnet-4-5").rates
        let effect = PromptCacheEffect(
            segments: [(4_000, .oneHour), (6_000, .fiveMinutes)], rates: rates, expectedReuses: nil)
        #expect(effect.writeCost == MicroDollars(4_000 * 6 + 6_000 * 15 / 4))  // 24,000 + 22,500
        #expect(effect.readCost == MicroDollars(3_000))
        #expect(effect.writePremium == MicroDollars(16_500))
        #expect(effect.breakEvenReuses == 1)
        #expect(effect.expectedNetSaving == nil)
    }

    @Test("a caller 1h breakpoint before a planned 5m one prices the two stretches apart")
    func mixedPlan() throws {
        let request = LLMRequest(
            model: "claude-sonnet-4-5",
            system: [TextBlock(Fixture.text(4_000), cacheControl: PromptCacheMarker(ttl: .oneHour))],
            messages: [.user(Fixture.text(6_000, "b")), .assistant("Noted."), .user("Question?")])
        let plan = try Fixture.planner().plan(request, expectedReuseInterval: .seconds(60), expectedReuses: 5)
        #expect(plan.breakpoints.map(\.ttl) == [.oneHour, .fiveMinutes, .fiveMinutes])
        #expect(
            plan.plannedBreakpoints.map(\.location) == [.message(index: 0, block: 0), .message(index: 1, block: 0)])
        // 4,000 at $6 + 6,002 at $3.75 per MTok ("Noted." is 2 tokens), rounded once.
        #expect(plan.effect.writeCost == MicroDollars((4_000 * 6_000_000 + 6_002 * 3_750_000 + 500_000) / 1_000_000))
    }
}
