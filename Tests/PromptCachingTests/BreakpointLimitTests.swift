import LLMCore
import PromptCaching
import Testing

@Suite("At most four breakpoints, the caller's kept")
struct BreakpointLimitTests {
    /// Places on the rich request where a caller might have put markers, in prompt order.
    static let callerPlaces: [PromptCacheLocation] = [
        .tool(index: 0), .system(index: 0), .message(index: 1, block: 0), .message(index: 2, block: 0),
        .message(index: 4, block: 0),
    ]

    static func marking(_ places: [PromptCacheLocation], ttl: PromptCacheMarker.TTL = .fiveMinutes) -> LLMRequest {
        var request = Fixture.richRequest()
        for place in places {
            switch place {
            case .tool(let index): request.tools[index].cacheControl = PromptCacheMarker(ttl: ttl)
            case .system(let index): request.system[index].cacheControl = PromptCacheMarker(ttl: ttl)
            case .message(let index, let block):
                if case .text(var text) = request.messages[index].content[block] {
                    text.cacheControl = PromptCacheMarker(ttl: ttl)
                    request.messages[index].content[block] = .text(text)
                }
            }
        }
        return request
    }

    @Test("caller markers count towards the limit and are kept", arguments: 0...4)
    func limit(callerCount: Int) throws {
        let places = Array(Self.callerPlaces.prefix(callerCount))
        let plan = try Fixture.planner().plan(
            Self.marking(places), expectedReuseInterval: .seconds(60), expectedReuses: 10)
        #expect(plan.markerCount <= PromptCachePlanner.breakpointLimit)
        #expect(plan.breakpoints.count == plan.markerCount)
        #expect(plan.plannedBreakpoints.count == 4 - callerCount, "the rich request has four or more candidates")
        let kept = plan.breakpoints.filter { $0.origin == .caller }
        #expect(kept.map(\.location) == places)
        for place in places { #expect(plan.marker(at: place) == PromptCacheMarker(ttl: .fiveMinutes)) }
        #expect(plan.breakpoints.map(\.location) == plan.breakpoints.map(\.location).sorted())
    }

    @Test("a request already over the limit gets nothing more and a note")
    func overLimit() throws {
        let plan = try Fixture.planner().plan(
            Self.marking(Self.callerPlaces), expectedReuseInterval: .seconds(60), expectedReuses: 10)
        #expect(plan.plannedBreakpoints.isEmpty)
        #expect(plan.markerCount == 5)
        #expect(plan.notes.contains(.callerBreakpointsOverLimit(count: 5, limit: 4)))
    }

    @Test("a marker nested in a tool result counts too")
    func nestedMarker() throws {
        var request = Self.marking([.tool(index: 0), .system(index: 0), .message(index: 1, block: 0)])
        request.messages[2] = Message(
            role: .user,
            content: [
                .toolResult(
                    toolUseID: "t1", content: [.text(TextBlock("result", cacheControl: PromptCacheMarker()))],
                    isError: false)
            ])
        let plan = try Fixture.planner().plan(request, expectedReuseInterval: .seconds(60), expectedReuses: 10)
        #expect(plan.plannedBreakpoints.isEmpty)
        #expect(plan.markerCount == 4)
    }
}
