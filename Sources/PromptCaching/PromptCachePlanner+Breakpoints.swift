import CostControl
import LLMCore

extension PromptCachePlanner {
    /// Plans Anthropic `cache_control` breakpoints.
    ///
    /// Candidates are the stable blocks that can carry a marker, carry none yet, and end a prefix that reaches
    /// the model's minimum. With fewer free slots than candidates, the deepest candidate (the end of the
    /// stable prefix, which caches the most) is taken first, then the last tool, the last system block and
    /// the last document not yet chosen, which still hit when later parts of the prompt change. Lifetimes follow
    /// ``PromptCacheTTLChoice`` and the provider's rule that longer lifetimes come before shorter ones.
    func planBreakpoints(_ context: PlanningContext) -> PromptCachePlan {
        let minimum = max(context.row.minCacheableTokens, 0)
        let layout = context.layout
        var notes: [PromptCachePlanNote] = []

        let caller = callerBreakpoints(layout, minimum: minimum, notes: &notes)
        if !layout.hasStablePrefix {
            notes.append(.noStablePrefix)
        } else if layout.stablePrefixTokens < minimum {
            notes.append(.prefixBelowMinimum(prefixTokens: layout.stablePrefixTokens, minimumTokens: minimum))
        }

        var planned: [PromptCacheBreakpoint] = []
        switch context.ttlChoice {
        case .tooLongToCache(let interval):
            notes.append(.reuseIntervalTooLong(interval))
        case .use(let ttl):
            if context.expectedReuses.map({ $0 <= 0 }) ?? false {
                notes.append(.noReuseExpected)
            } else {
                planned = place(
                    ttl: ttl, layout: layout, minimum: minimum, caller: caller,
                    free: Self.breakpointLimit - caller.count, notes: &notes)
            }
        }

        var effect = Self.effect(of: caller + planned, rates: context.rates, expectedReuses: context.expectedReuses)
        if !planned.isEmpty, let reuses = context.expectedReuses, !effect.isWorthwhile {
            notes.append(.notWorthwhile(expectedReuses: reuses, breakEvenReuses: effect.breakEvenReuses))
            planned = []
            effect = Self.effect(of: caller, rates: context.rates, expectedReuses: context.expectedReuses)
        }

        let documents = layout.documentsInLastUserTurn(context.request, estimator: context.estimator)
        for document in documents { notes.append(.documentInLastUserTurn(document.location, tokens: document.tokens)) }

        let all = (caller + planned).enumerated().sorted {
            ($0.element.location, $0.offset) < ($1.element.location, $1.offset)
        }.map(\.element)
        return PromptCachePlan(
            request: Self.applying(planned, to: context.request), model: context.row.id, mechanism: .breakpoints,
            minimumCacheableTokens: minimum, stablePrefixTokens: layout.stablePrefixTokens,
            ttlChoice: context.ttlChoice, breakpoints: all, promptCacheKey: nil,
            staticContentFirst: !documents.contains { $0.followsOtherContent },
            expectedCachedTokens: effect.cachedTokens, effect: effect, rates: context.rates,
            estimator: context.estimator, notes: notes)
    }

    /// The caller's markers as breakpoints, in prompt order, with notes on those the provider will ignore
    /// or reject.
    private func callerBreakpoints(_ layout: PromptLayout, minimum: Int, notes: inout [PromptCachePlanNote])
        -> [PromptCacheBreakpoint]
    {
        var caller: [PromptCacheBreakpoint] = []
        for block in layout.blocks {
            for ttl in block.callerTTLs {
                caller.append(
                    PromptCacheBreakpoint(
                        location: block.location, section: block.section, ttl: ttl, prefixTokens: block.prefixTokens,
                        reachesMinimum: block.prefixTokens >= minimum, origin: .caller))
            }
        }
        for breakpoint in caller where !breakpoint.reachesMinimum {
            notes.append(
                .callerBreakpointBelowMinimum(
                    breakpoint.location, prefixTokens: breakpoint.prefixTokens, minimumTokens: minimum))
        }
        if let short = caller.firstIndex(where: { $0.ttl == .fiveMinutes }),
            let long = caller.lastIndex(where: { $0.ttl == .oneHour }), short < long
        {
            notes.append(.callerTTLOrderViolated(fiveMinute: caller[short].location, oneHour: caller[long].location))
        }
        if caller.count > Self.breakpointLimit {
            notes.append(.callerBreakpointsOverLimit(count: caller.count, limit: Self.breakpointLimit))
        }
        return caller
    }

    /// The planner's breakpoints: up to `free` of the candidates, in prompt order.
    private func place(
        ttl: PromptCacheMarker.TTL, layout: PromptLayout, minimum: Int, caller: [PromptCacheBreakpoint], free: Int,
        notes: inout [PromptCachePlanNote]
    ) -> [PromptCacheBreakpoint] {
        let markable = layout.blocks.filter {
            $0.section.isStable && $0.canCarryMarker && $0.callerTTLs.isEmpty && $0.prefixTokens >= minimum
        }
        var candidates: [PromptBlock] = []
        if let deepest = markable.last { candidates.append(deepest) }
        for section in [PromptSection.tools, .system, .document] {
            // A document that already ends the prefix leaves the place to the document before it.
            let last = markable.last { block in
                block.section == section
                    && (section != .document || !candidates.contains { $0.location == block.location })
            }
            if let last, !candidates.contains(where: { $0.location == last.location }) { candidates.append(last) }
        }

        var planned: [PromptCacheBreakpoint] = []
        var unmarked: [PromptCacheLocation] = []
        for candidate in candidates {
            guard planned.count < free else {
                unmarked.append(candidate.location)
                continue
            }
            // Longer lifetimes must come first: at least the longest lifetime after it, at most the
            // shortest before it.
            let laterLong = caller.contains { $0.location > candidate.location && $0.ttl == .oneHour }
            let earlierShort = caller.contains { $0.location < candidate.location && $0.ttl == .fiveMinutes }
            var chosen = ttl
            if laterLong, chosen == .fiveMinutes {
                chosen = .oneHour
                notes.append(.longerLifetimeForced(candidate.location))
            }
            if earlierShort, chosen == .oneHour {
                notes.append(.shorterLifetimeForced(candidate.location))
                continue
            }
            planned.append(
                PromptCacheBreakpoint(
                    location: candidate.location, section: candidate.section, ttl: chosen,
                    prefixTokens: candidate.prefixTokens, reachesMinimum: true, origin: .planner))
        }
        if !unmarked.isEmpty { notes.append(.breakpointLimitReached(unmarked: unmarked.sorted())) }
        return planned.sorted { $0.location < $1.location }
    }

    /// The effect of `breakpoints`: the prefix up to the deepest one that reaches the minimum is written
    /// once and read on each reuse; each stretch between effective breakpoints is written with the lifetime
    /// of the breakpoint that ends it.
    static func effect(of breakpoints: [PromptCacheBreakpoint], rates: ModelRates, expectedReuses: Int?)
        -> PromptCacheEffect
    {
        let effective = breakpoints.filter(\.reachesMinimum).sorted { $0.prefixTokens < $1.prefixTokens }
        guard !effective.isEmpty else { return .none(expectedReuses: expectedReuses) }
        var segments: [(tokens: Int, ttl: PromptCacheMarker.TTL)] = []
        var covered = 0
        for breakpoint in effective where breakpoint.prefixTokens > covered {
            segments.append((breakpoint.prefixTokens - covered, breakpoint.ttl))
            covered = breakpoint.prefixTokens
        }
        return PromptCacheEffect(segments: segments, rates: rates, expectedReuses: expectedReuses)
    }

    /// `request` with a marker of each planned lifetime set on its block.
    static func applying(_ planned: [PromptCacheBreakpoint], to request: LLMRequest) -> LLMRequest {
        var out = request
        for breakpoint in planned {
            let marker = PromptCacheMarker(ttl: breakpoint.ttl)
            switch breakpoint.location {
            case .tool(let index):
                guard out.tools.indices.contains(index) else { continue }
                out.tools[index].cacheControl = marker
            case .system(let index):
                guard out.system.indices.contains(index) else { continue }
                out.system[index].cacheControl = marker
            case .message(let index, let block):
                guard out.messages.indices.contains(index), out.messages[index].content.indices.contains(block),
                    case .text(var text) = out.messages[index].content[block]
                else { continue }
                text.cacheControl = marker
                out.messages[index].content[block] = .text(text)
            }
        }
        return out
    }
}
