import CostControl
import LLMCore
import PromptCaching
import Testing

@Suite("Nothing below the model's minimum cacheable length")
struct MinimumTokensTests {
    @Test(
        "a system prompt is marked only when it reaches the model's minimum from data/pricing.json",
        arguments: [
            ("claude-sonnet-4-5", 1_024, 1_000, false), ("claude-sonnet-4-5", 1_024, 1_024, true),
            ("claude-3-5-haiku-20241022", 2_048, 2_000, false), ("claude-3-5-haiku-20241022", 2_048, 2_048, true),
            ("claude-haiku-4-5", 4_096, 3_000, false), ("claude-haiku-4-5", 4_096, 4_096, true),
            ("claude-opus-4-7", 2_048, 2_047, false),
        ])
    func minimum(model: String, minimum: Int, systemTokens: Int, marked: Bool) throws {
        let request = LLMRequest(
            model: model, system: [TextBlock(Fixture.text(systemTokens))], messages: [.user("Question?")])
        let plan = try Fixture.planner().plan(request, expectedReuseInterval: .seconds(60), expectedReuses: 10)
        #expect(plan.minimumCacheableTokens == minimum)
        #expect(plan.stablePrefixTokens == systemTokens)
        #expect(plan.plannedBreakpoints.map(\.location) == (marked ? [.system(index: 0)] : []))
        #expect(plan.markerCount == (marked ? 1 : 0))
        #expect(plan.expectedCachedTokens == (marked ? systemTokens : 0))
        #expect(
            plan.notes.contains(.prefixBelowMinimum(prefixTokens: systemTokens, minimumTokens: minimum)) == !marked)
    }

    @Test("on a Haiku with a 4,096 minimum, only the later places of the rich request qualify")
    func haikuRich() throws {
        let plan = try Fixture.planner().plan(
            Fixture.richRequest(model: "claude-haiku-4-5"), expectedReuseInterval: .seconds(60), expectedReuses: 10)
        // tools end at 1,212 and the system prompt at 2,712 tokens: below 4,096.
        #expect(
            plan.plannedBreakpoints.map(\.location) == [.message(index: 0, block: 0), .message(index: 3, block: 0)])
        #expect(plan.plannedBreakpoints.allSatisfy { $0.prefixTokens >= 4_096 })
    }

    @Test("a caller marker below the minimum is kept, noted and left out of the effect")
    func callerBelowMinimum() throws {
        var request = Fixture.richRequest()
        request.tools[0].cacheControl = PromptCacheMarker()
        let plan = try Fixture.planner().plan(request, expectedReuseInterval: .seconds(60), expectedReuses: 10)
        #expect(plan.marker(at: .tool(index: 0)) == PromptCacheMarker())
        #expect(
            plan.notes.contains(.callerBreakpointBelowMinimum(.tool(index: 0), prefixTokens: 306, minimumTokens: 1_024))
        )
        #expect(plan.breakpoints.first { $0.location == .tool(index: 0) }?.reachesMinimum == false)
    }
}
