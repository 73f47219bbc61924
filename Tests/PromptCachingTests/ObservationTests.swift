import CostControl
import LLMCore
import PromptCaching
import Testing

@Suite("Reading measured prompt-cache results")
struct ObservationTests {
    static func plan(provider: ProviderID = .anthropic, model: String = "claude-sonnet-4-5") throws -> PromptCachePlan {
        let request = LLMRequest(
            provider: provider, model: model, system: [TextBlock(Fixture.text(10_000))], messages: [.user("Q?")])
        return try Fixture.planner().plan(request, expectedReuseInterval: .seconds(60), expectedReuses: 5)
    }

    @Test(
        "the usage says whether the cache was read or written, and how much that saved",
        arguments: [
            (
                Usage(inputTokens: 5, cacheWrite5mInputTokens: 10_000), PromptCacheObservation.Outcome.written,
                Int64(-7_500)
            ),
            (Usage(inputTokens: 5, cacheReadInputTokens: 10_000), .read, 27_000),
            (
                Usage(inputTokens: 5, cacheReadInputTokens: 10_000, cacheWrite1hInputTokens: 1_000), .readAndWritten,
                24_000
            ),
            (Usage(inputTokens: 10_005), .none, 0),
        ])
    func outcome(usage: Usage, outcome: PromptCacheObservation.Outcome, net: Int64) throws {
        let observation = try Self.plan().observe(usage)
        #expect(observation.outcome == outcome)
        #expect(observation.readTokens == usage.cacheReadInputTokens)
        #expect(observation.written5mTokens == usage.cacheWrite5mInputTokens)
        #expect(observation.written1hTokens == usage.cacheWrite1hInputTokens)
        #expect(observation.expectedCachedTokens == 10_000)
        #expect(observation.netSaving == MicroDollars(net))
        #expect(observation.missedExpectedCaching == (outcome == .none))
    }

    @Test("an OpenAI first call writes silently: no outcome, no missed expectation")
    func openAIFirstCall() throws {
        let plan = try Self.plan(provider: .openAI, model: "gpt-4.1-mini")
        let first = plan.observe(Usage(inputTokens: 10_010))
        #expect(first.outcome == .none)
        #expect(!first.missedExpectedCaching)
        let second = plan.observe(Usage(inputTokens: 10, cacheReadInputTokens: 9_984))
        #expect(second.outcome == .read)
        // gpt-4.1-mini: 9,984 × $0.40 = 3,994 µ$ as input, × $0.10 = 998 µ$ as a cache read (each rounded once).
        #expect(second.netSaving == MicroDollars(3_994 - 998))
    }
}
