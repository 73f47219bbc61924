import LLMCore
import PromptCaching
import Testing

@Suite("The last user turn never gets a marker")
struct LastUserTurnTests {
    static let requests: [(String, LLMRequest)] = [
        ("rich request", Fixture.richRequest()),
        (
            "a long single user turn",
            LLMRequest(model: "claude-sonnet-4-5", messages: [.user(Fixture.text(5_000))])
        ),
        (
            "a document and a question in the only user turn",
            LLMRequest(
                model: "claude-sonnet-4-5", system: [TextBlock(Fixture.text(1_100))],
                messages: [Message(role: .user, content: [.text(Fixture.text(5_000, "d")), .text("Question?")])])
        ),
        (
            "an assistant prefill after the last user turn",
            LLMRequest(
                model: "claude-sonnet-4-5",
                messages: [
                    .user(Fixture.text(2_000, "a")), .assistant(Fixture.text(2_000, "b")),
                    .user(Fixture.text(2_000, "c")), .assistant(Fixture.text(2_000, "e")),
                ])
        ),
    ]

    @Test("no planner breakpoint in or after the last user turn", arguments: LastUserTurnTests.requests)
    func neverLastTurn(name: String, request: LLMRequest) throws {
        let lastUser = try #require(request.messages.lastIndex { $0.role == .user })
        for interval in [Duration.seconds(60), .seconds(1_200)] {
            let plan = try Fixture.planner().plan(request, expectedReuseInterval: interval, expectedReuses: 10)
            for breakpoint in plan.plannedBreakpoints {
                #expect(breakpoint.section != .lastUserTurn, "\(name)")
                if case .message(let index, _) = breakpoint.location { #expect(index < lastUser, "\(name)") }
            }
            #expect(plan.request.messages[lastUser...] == request.messages[lastUser...], "\(name)")
        }
    }

    @Test("a document in the last user turn is left unmarked and reported")
    func documentReported() throws {
        let plan = try Fixture.planner().plan(
            Self.requests[2].1, expectedReuseInterval: .seconds(60), expectedReuses: 10)
        #expect(plan.plannedBreakpoints.map(\.location) == [.system(index: 0)])
        #expect(plan.notes.contains(.documentInLastUserTurn(.message(index: 0, block: 0), tokens: 5_000)))
        #expect(plan.staticContentFirst, "the document comes before the question")
    }

    @Test("the prefill case marks only the turns before the last user turn")
    func prefill() throws {
        let plan = try Fixture.planner().plan(
            Self.requests[3].1, expectedReuseInterval: .seconds(60), expectedReuses: 10)
        #expect(
            plan.plannedBreakpoints.map(\.location) == [.message(index: 0, block: 0), .message(index: 1, block: 0)])
        #expect(plan.stablePrefixTokens == 4_000)
    }
}
