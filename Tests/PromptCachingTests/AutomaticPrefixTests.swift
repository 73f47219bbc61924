import CostControl
import LLMCore
import PromptCaching
import Testing

@Suite("OpenAI-style automatic prefix caching")
struct AutomaticPrefixTests {
    static func request(
        system: String = Fixture.text(1_500, "s"), history: [Message] = [], question: String = "What is new?",
        tools: [Tool] = []
    ) -> LLMRequest {
        LLMRequest(
            provider: .openAI, model: "gpt-4.1-mini", system: [TextBlock(system)],
            messages: history + [.user(question)], tools: tools)
    }

    static func key(_ request: LLMRequest) throws -> String? {
        try Fixture.planner().plan(request, expectedReuseInterval: nil, expectedReuses: nil).promptCacheKey
    }

    @Test("the same prefix gives the same key whatever the last user turn")
    func stableKey() throws {
        let first = try Self.key(Self.request(question: "What is new?"))
        let second = try Self.key(Self.request(question: "Something else entirely, please."))
        #expect(first != nil)
        #expect(first == second)
        #expect(first?.count == 64)
        #expect(first?.allSatisfy { $0.isHexDigit && !$0.isUppercase } == true)
        var marked = Self.request()
        marked.system[0].cacheControl = PromptCacheMarker()
        #expect(try Self.key(marked) == first, "markers are not part of the prefix")
        var other = Self.request()
        other.temperature = 0.7
        other.maxTokens = 12
        #expect(try Self.key(other) == first, "sampling settings are not part of the prefix")
    }

    @Test(
        "another prefix gives another key",
        arguments: [
            ("system prompt", AutomaticPrefixTests.request(system: Fixture.text(1_500, "t"))),
            ("tools", AutomaticPrefixTests.request(tools: [Tool(name: "find")])),
            ("earlier turn", AutomaticPrefixTests.request(history: [.user("Earlier"), .assistant("Reply")])),
        ])
    func differentKey(name: String, request: LLMRequest) throws {
        let base = try Self.key(Self.request())
        #expect(try Self.key(request) != base, "\(name)")
    }

    @Test("cache_control markers are left alone and reported as unused")
    func markersUnused() throws {
        var request = Self.request(tools: [Tool(name: "find", cacheControl: PromptCacheMarker())])
        request.system[0].cacheControl = PromptCacheMarker(ttl: .oneHour)
        let plan = try Fixture.planner().plan(request, expectedReuseInterval: nil, expectedReuses: nil)
        #expect(plan.request == request)
        #expect(plan.breakpoints.isEmpty)
        #expect(plan.notes.contains(.markersUnusedByProvider(count: 2)))
    }

    @Test("no stable prefix, no key")
    func noPrefix() throws {
        let request = LLMRequest(provider: .openAI, model: "gpt-4.1-mini", messages: [.user("Hi")])
        let plan = try Fixture.planner().plan(request, expectedReuseInterval: nil, expectedReuses: nil)
        #expect(plan.promptCacheKey == nil)
        #expect(plan.notes.contains(.noStablePrefix))
    }

    @Test(
        "cached tokens: nothing below 1,024, then 128-token steps",
        arguments: [(1_000, 0), (1_023, 0), (1_024, 1_024), (1_151, 1_024), (1_152, 1_152), (1_500, 1_408)])
    func steps(prefixTokens: Int, cached: Int) throws {
        let plan = try Fixture.planner().plan(
            Self.request(system: Fixture.text(prefixTokens)), expectedReuseInterval: nil, expectedReuses: 4)
        #expect(plan.mechanism == .automaticPrefix)
        #expect(plan.minimumCacheableTokens == 1_024)
        #expect(plan.stablePrefixTokens == prefixTokens)
        #expect(plan.prefixReachesMinimum == (prefixTokens >= 1_024))
        #expect(plan.expectedCachedTokens == cached)
        #expect(plan.effect.cachedTokens == cached)
        #expect(plan.breakpoints.isEmpty)
        #expect(plan.request == Self.request(system: Fixture.text(prefixTokens)), "the request is sent unchanged")
    }

    @Test("the effect is priced from the model's rates: free write, cheaper read")
    func effect() throws {
        // gpt-4.1-mini: $0.40 input, $0.10 cached input per MTok. 1,500 tokens cache 1,408.
        let plan = try Fixture.planner().plan(Self.request(), expectedReuseInterval: nil, expectedReuses: 4)
        #expect(plan.effect.writePremium == .zero)
        // 1,408 × $0.40 = 563 µ$ (563.2) as input, × $0.10 = 141 µ$ (140.8) as a read.
        #expect(plan.effect.readSavingPerReuse == MicroDollars(563 - 141))
        #expect(plan.effect.breakEvenReuses == 0)
    }

    @Test("static content first: a long document after the question in the last turn is reported")
    func staticFirst() throws {
        let ordered = LLMRequest(
            provider: .openAI, model: "gpt-4.1-mini", system: [TextBlock("Be brief.")],
            messages: [Message(role: .user, content: [.text(Fixture.text(2_000, "d")), .text("Summarise it.")])])
        var buried = ordered
        buried.messages[0].content.reverse()
        let good = try Fixture.planner().plan(ordered, expectedReuseInterval: nil, expectedReuses: nil)
        let bad = try Fixture.planner().plan(buried, expectedReuseInterval: nil, expectedReuses: nil)
        #expect(good.staticContentFirst)
        #expect(!bad.staticContentFirst)
        #expect(bad.notes.contains(.documentInLastUserTurn(.message(index: 0, block: 1), tokens: 2_000)))
    }
}
