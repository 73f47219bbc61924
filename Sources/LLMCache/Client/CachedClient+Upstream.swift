import CostControl
import LLMCore
import PromptCaching

extension CachedClient {
    /// Sends `request` upstream (planned for the provider's prompt cache when configured), under the cost
    /// guard when there is one; returns the answer, its cost and what the prompt cache did.
    func callUpstream(_ request: LLMRequest, controls: CacheControls) async throws -> InFlightCalls.Outcome {
        let upstream = self.upstream
        return try await callUpstream(request, controls: controls) { try await upstream.send($0) }
    }

    /// Sends `request` upstream through `send`, planned and guarded as ``callUpstream(_:controls:)`` says.
    func callUpstream(
        _ request: LLMRequest, controls: CacheControls, send: (LLMRequest) async throws -> LLMResponse
    ) async throws -> InFlightCalls.Outcome {
        let routing = routing(for: request, hints: controls.routing)
        var routed = request
        if let routing { routed.model = routing.model }
        let plan = promptCachePlan(for: routed)
        let sent = plan.map(Self.requestToSend) ?? routed
        if let rateLimiter {
            // Tokens per minute count what the call may use: its estimated input and all the output it allows.
            let estimator =
                costGuard?.estimator ?? (try? TokenEstimator.forProvider(sent.namedProvider())) ?? .openAI
            try await rateLimiter.admit(
                namespace: controls.namespace ?? configuration.defaultNamespace, caller: controls.caller,
                tags: controls.costTags, tokens: estimator.inputTokens(of: sent) + max(sent.maxTokens, 0))
        }
        let response: LLMResponse
        let cost: MicroDollars?
        var adjustment: TokenAdjustment?
        if let costGuard {
            let costed = try await costGuard.call(sent, tags: controls.costTags, send: send)
            (response, cost, adjustment) = (costed.response, costed.totalCost, costed.tokenAdjustment)
        } else {
            response = try await send(sent)
            cost = price(response)
        }
        let observation = plan?.observe(response.usage)
        if let observation, observation.missedExpectedCaching {
            logger.debug("the provider cached nothing of a planned prefix", metadata: ["observed": "\(observation)"])
        }
        return InFlightCalls.Outcome(
            response: response, cost: cost, promptCache: observation, routing: routing, tokenAdjustment: adjustment)
    }

    /// The router's choice for `request`, which the call is sent with; `nil` (the request's own model)
    /// without a router, with a pinned model, or when the choice belongs to another provider or routing
    /// fails (logged). Deterministic, so that a stream's metadata can name it before the call.
    func routing(for request: LLMRequest, hints: RoutingHints) -> RoutingDecision? {
        guard let router, !hints.pinModel else { return nil }
        do {
            // The task is what the messages ask; a long fixed system prompt does not make it a larger task.
            let input = request.messages.flatMap(\.content).compactMap(\.textValue).joined()
            let decision = try router.route(
                RoutingTask(text: input, itemCount: hints.itemCount, deepReasoning: hints.deepReasoning))
            guard router.provider(of: decision.model) == request.provider else {
                logger.debug(
                    "routed model belongs to another provider; keeping the request's",
                    metadata: ["model": "\(decision.model)"])
                return nil
            }
            return decision
        } catch {
            logger.warning("routing failed; keeping the request's model", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// The prompt-cache plan for `request`, when planning is on; a planning failure (for example an unpriced
    /// model) is logged and the request goes unplanned.
    func promptCachePlan(for request: LLMRequest) -> PromptCachePlan? {
        let settings = configuration.promptCaching
        guard settings.enabled, let planner = promptCachePlanner else { return nil }
        do {
            return try planner.plan(
                request, expectedReuseInterval: settings.expectedReuseInterval, expectedReuses: settings.expectedReuses)
        } catch {
            logger.warning("prompt-cache planning failed; sending unplanned", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// The metadata key that carries an OpenAI-compatible `prompt_cache_key` to the transport.
    static let promptCacheKeyMetadata = "prompt_cache_key"

    /// The planned request, with the plan's `prompt_cache_key` in its metadata unless the caller set one.
    static func requestToSend(_ plan: PromptCachePlan) -> LLMRequest {
        var request = plan.request
        if let key = plan.promptCacheKey, request.metadata[promptCacheKeyMetadata] == nil {
            request.metadata[promptCacheKeyMetadata] = key
        }
        return request
    }
}
