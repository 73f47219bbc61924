import CostControl
import LLMCore
import PromptCaching
import Testing

@Suite("Anthropic breakpoint placement")
struct BreakpointPlacementTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var request: LLMRequest
        var expected: [(PromptCacheLocation, PromptSection)]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "tools, system, document, earlier turns: one breakpoint each, in prompt order",
            request: Fixture.richRequest(),
            expected: [
                (.tool(index: 1), .tools), (.system(index: 0), .system), (.message(index: 0, block: 0), .document),
                (.message(index: 3, block: 0), .earlierTurns),
            ]),
        Case(
            name: "system prompt only: its last block",
            request: LLMRequest(
                model: "claude-sonnet-4-5",
                system: [TextBlock(Fixture.text(600, "a")), TextBlock(Fixture.text(600, "b"))],
                messages: [.user("Hi")]),
            expected: [(.system(index: 1), .system)]),
        Case(
            name: "short tools below the minimum are not marked; the system prompt after them is",
            request: LLMRequest(
                model: "claude-sonnet-4-5", system: [TextBlock(Fixture.text(2_000))], messages: [.user("Hi")],
                tools: [Fixture.tool("small", tokens: 100)]),
            expected: [(.system(index: 0), .system)]),
        Case(
            name: "no system prompt: the end of the earlier turns",
            request: LLMRequest(
                model: "claude-sonnet-4-5",
                messages: [
                    .user(Fixture.text(700, "a")), .assistant(Fixture.text(700, "b")), .user("And then?"),
                ]),
            expected: [(.message(index: 1, block: 0), .earlierTurns)]),
        Case(
            name: "a document in an earlier turn and the turns after it",
            request: LLMRequest(
                model: "claude-sonnet-4-5",
                messages: [
                    Message(role: .user, content: [.text(Fixture.text(3_000, "d")), .text("Read this.")]),
                    .assistant("Done."), .user("Question?"),
                ]),
            expected: [(.message(index: 0, block: 0), .document), (.message(index: 1, block: 0), .earlierTurns)]),
        Case(
            name: "a tool call at the end of the history: the last text block before it",
            request: LLMRequest(
                model: "claude-sonnet-4-5", system: [TextBlock(Fixture.text(1_200))],
                messages: [
                    .user("Look it up."),
                    Message(
                        role: .assistant,
                        content: [.text("Calling the tool."), .toolUse(id: "t1", name: "lookup", input: ["q": "x"])]),
                    Message(
                        role: .user, content: [.toolResult(toolUseID: "t1", content: [.text("42")], isError: false)]),
                ]),
            expected: [(.system(index: 0), .system), (.message(index: 1, block: 0), .earlierTurns)]),
        Case(
            name: "empty text blocks are never marked",
            request: LLMRequest(
                model: "claude-sonnet-4-5", system: [TextBlock(Fixture.text(1_200)), TextBlock("")],
                messages: [Message(role: .user, content: [.text("Hello"), .text("")]), .assistant("Hi"), .user("Q?")]),
            expected: [(.system(index: 0), .system), (.message(index: 1, block: 0), .earlierTurns)]),
        Case(
            name: "a short single-turn request: nothing",
            request: LLMRequest(model: "claude-sonnet-4-5", system: [TextBlock("Be brief.")], messages: [.user("Hi")]),
            expected: []),
    ]

    @Test("breakpoints follow the sections in prompt order", arguments: BreakpointPlacementTests.cases)
    func placement(_ example: Case) throws {
        let plan = try Fixture.planner().plan(example.request, expectedReuseInterval: .seconds(60), expectedReuses: 5)
        let placed = plan.plannedBreakpoints
        #expect(placed.map(\.location) == example.expected.map(\.0))
        #expect(placed.map(\.section) == example.expected.map(\.1))
        #expect(placed.map(\.location) == placed.map(\.location).sorted(), "listed in prompt order")
        for breakpoint in placed {
            #expect(plan.marker(at: breakpoint.location) == PromptCacheMarker(ttl: .fiveMinutes))
            #expect(breakpoint.prefixTokens >= plan.minimumCacheableTokens)
        }
        #expect(plan.markerCount == placed.count)
    }

    @Test("prefix tokens are the running estimate, checked by hand on the rich request")
    func prefixTokens() throws {
        let plan = try Fixture.planner().plan(
            Fixture.richRequest(), expectedReuseInterval: .seconds(60), expectedReuses: 5)
        // tools 306 + 906, system 1,500, document 2,000, instruction 6 ("Summarise the document." is 23 bytes),
        // then 50 + 100 + 50.
        #expect(plan.plannedBreakpoints.map(\.prefixTokens) == [1_212, 2_712, 4_712, 4_918])
        #expect(plan.stablePrefixTokens == 4_918)
        #expect(plan.expectedCachedTokens == 4_918)
    }

    @Test("with fewer free slots, the end of the stable prefix is kept first")
    func deepestFirst() throws {
        var request = Fixture.richRequest()
        request.system[0].cacheControl = PromptCacheMarker()
        request.tools[0].cacheControl = PromptCacheMarker()
        request.messages[1].content = [.text(TextBlock(Fixture.text(50, "x"), cacheControl: PromptCacheMarker()))]
        let plan = try Fixture.planner().plan(request, expectedReuseInterval: nil, expectedReuses: nil)
        #expect(plan.plannedBreakpoints.map(\.location) == [.message(index: 3, block: 0)])
        #expect(
            plan.notes.contains(.breakpointLimitReached(unmarked: [.tool(index: 1), .message(index: 0, block: 0)])))
    }

    @Test("block counts add up to the estimator's count of the whole request")
    func countsMatchEstimator() throws {
        let request = Fixture.richRequest()
        for estimator in [TokenEstimator.anthropic, .openAI, Fixture.estimator] {
            let planner = PromptCachePlanner(pricing: try Fixture.pricing(), estimator: estimator)
            var whole = request
            whole.messages.removeLast()
            let plan = try planner.plan(request, expectedReuseInterval: nil, expectedReuses: nil)
            // The stable prefix is the request without its last user turn.
            #expect(plan.stablePrefixTokens == estimator.inputTokens(of: whole))
        }
    }

    @Test("an unpriced model is an error")
    func unknownModel() throws {
        #expect(throws: UnknownModelError.self) {
            try Fixture.planner().plan(
                LLMRequest(model: "no-such-model", messages: [.user("Hi")]), expectedReuseInterval: nil,
                expectedReuses: nil)
        }
    }
}
