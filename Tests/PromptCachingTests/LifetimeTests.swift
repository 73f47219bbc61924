import LLMCore
import PromptCaching
import Testing

@Suite("Lifetime from the reuse interval; longer lifetimes first")
struct LifetimeTests {
    @Test(
        "the reuse interval picks the lifetime",
        arguments: [
            (nil, PromptCacheMarker.TTL?.some(.fiveMinutes)), (Duration.seconds(0), .fiveMinutes),
            (.seconds(60), .fiveMinutes), (.seconds(300), .fiveMinutes), (.seconds(301), .oneHour),
            (.seconds(1_800), .oneHour), (.seconds(3_600), .oneHour), (.seconds(3_601), nil),
            (.seconds(86_400), nil),
        ] as [(Duration?, PromptCacheMarker.TTL?)])
    func choice(interval: Duration?, expected: PromptCacheMarker.TTL?) throws {
        #expect(PromptCacheTTLChoice(expectedReuseInterval: interval).ttl == expected)
        let plan = try Fixture.planner().plan(
            Fixture.richRequest(), expectedReuseInterval: interval, expectedReuses: 10)
        if let expected {
            #expect(plan.plannedBreakpoints.count == 4)
            #expect(plan.plannedBreakpoints.allSatisfy { $0.ttl == expected })
            #expect(plan.marker(at: .system(index: 0)) == PromptCacheMarker(ttl: expected))
        } else {
            #expect(plan.plannedBreakpoints.isEmpty)
            #expect(plan.markerCount == 0)
            #expect(plan.request == Fixture.richRequest())
            #expect(plan.notes.contains { if case .reuseIntervalTooLong = $0 { true } else { false } })
            #expect(plan.effect.cachedTokens == 0)
        }
    }

    @Test("a later caller 1h marker makes the planner's earlier markers 1h")
    func laterLongForcesLong() throws {
        var request = Fixture.richRequest()
        request.messages[3].content = [
            .text(TextBlock(Fixture.text(50, "y"), cacheControl: PromptCacheMarker(ttl: .oneHour)))
        ]
        let plan = try Fixture.planner().plan(request, expectedReuseInterval: .seconds(60), expectedReuses: 10)
        #expect(
            plan.plannedBreakpoints.map(\.location) == [
                .tool(index: 1), .system(index: 0), .message(index: 2, block: 0),
            ])
        #expect(plan.plannedBreakpoints.allSatisfy { $0.ttl == .oneHour })
        #expect(plan.lifetimesNeverIncrease)
        #expect(plan.notes.contains(.longerLifetimeForced(.system(index: 0))))
    }

    @Test("an earlier caller 5m marker keeps the planner from adding 1h markers after it")
    func earlierShortBlocksLong() throws {
        var request = Fixture.richRequest()
        request.system[0].cacheControl = PromptCacheMarker(ttl: .fiveMinutes)
        let plan = try Fixture.planner().plan(request, expectedReuseInterval: .seconds(1_200), expectedReuses: 10)
        #expect(plan.plannedBreakpoints.map(\.location) == [.tool(index: 1)])
        #expect(plan.plannedBreakpoints.map(\.ttl) == [.oneHour])
        #expect(plan.lifetimesNeverIncrease)
        #expect(plan.notes.contains(.shorterLifetimeForced(.message(index: 3, block: 0))))
        #expect(plan.notes.contains(.shorterLifetimeForced(.message(index: 0, block: 0))))
    }

    @Test("a caller's 5m before 1h is kept and reported")
    func callerViolation() throws {
        var request = Fixture.richRequest()
        request.tools[1].cacheControl = PromptCacheMarker(ttl: .fiveMinutes)
        request.system[0].cacheControl = PromptCacheMarker(ttl: .oneHour)
        let plan = try Fixture.planner().plan(request, expectedReuseInterval: .seconds(60), expectedReuses: 10)
        #expect(plan.notes.contains(.callerTTLOrderViolated(fiveMinute: .tool(index: 1), oneHour: .system(index: 0))))
        #expect(plan.marker(at: .tool(index: 1)) == PromptCacheMarker(ttl: .fiveMinutes))
        #expect(plan.marker(at: .system(index: 0)) == PromptCacheMarker(ttl: .oneHour))
    }

    @Test(
        "lifetimes never increase along the prompt, whatever the caller's marker and the interval",
        arguments: [PromptCacheMarker.TTL.fiveMinutes, .oneHour],
        [Duration.seconds(60), .seconds(1_200)])
    func orderHolds(callerTTL: PromptCacheMarker.TTL, interval: Duration) throws {
        for place in BreakpointLimitTests.callerPlaces.dropLast() {
            let plan = try Fixture.planner().plan(
                BreakpointLimitTests.marking([place], ttl: callerTTL), expectedReuseInterval: interval,
                expectedReuses: 10)
            #expect(plan.lifetimesNeverIncrease, "caller \(callerTTL) at \(place), interval \(interval)")
        }
    }
}
