import Foundation
import LLMCore
import Logging

/// Makes a model call under the budget and the retry policy: before every attempt (the first and each
/// retry) it estimates the cost at the model's prices and reserves it with the ``BudgetGate``; after the
/// attempt it settles the reservation with the real cost, which is recorded in the gate's ledger. The call's
/// tags are held to the caps of each cost tag (``BudgetLimits/tagCaps``) as well.
///
/// A refusal by the gate (``BudgetExceededError``) ends the call at once and is never retried. A failed attempt
/// that the provider billed (`ProviderError.billedUsage`) is recorded like a successful one; an unbilled
/// failure releases its reservation.
public struct CostGuard: Sendable {
    /// The prices.
    public let pricing: PricingTable
    /// The budget.
    public let gate: BudgetGate
    /// The retry loop.
    public let retry: RetryExecutor
    /// The input-token estimator; `nil` chooses one per provider.
    public let estimator: TokenEstimator?
    /// Token budgets checked before each call is priced; `nil` for none.
    public let tokenLimits: TokenLimits?
    /// Writes the summary of dropped turns for ``TokenLimits/OverInput/summariseHistory``; `nil` drops them
    /// without one.
    public let summariser: TurnSummariser?
    /// Counts each call's input tokens at its provider before the token limits and the reservation (the
    /// estimator is calibrated to the count); `nil` uses the estimate alone. A count that fails (or a
    /// provider without one) is logged at debug level and the estimate is used.
    public let inputTokenCounter: (any InputTokenCounting)?
    private let now: @Sendable () -> Date
    let logger: Logger

    /// A guard pricing calls from `pricing` under `gate`, retrying through `retry`.
    ///
    /// - Parameters:
    ///   - pricing: the prices.
    ///   - gate: the budget.
    ///   - retry: the retry loop. Default: the default policy.
    ///   - estimator: the input-token estimator. Default: `nil`, one per provider.
    ///   - tokenLimits: token budgets checked before each call. Default: `nil`, none.
    ///   - summariser: writes the summary of the turns ``TokenLimits/OverInput/summariseHistory`` drops.
    ///     Default: `nil`, they are dropped without one.
    ///   - inputTokenCounter: counts each call's input tokens at its provider (`AnthropicTransport` asks
    ///     `count_tokens`). Default: `nil`, the estimate alone.
    ///   - now: the time of cost records.
    ///   - logger: where priced calls (debug) and token adjustments are logged.
    public init(
        pricing: PricingTable, gate: BudgetGate, retry: RetryExecutor = RetryExecutor(),
        estimator: TokenEstimator? = nil, tokenLimits: TokenLimits? = nil, summariser: TurnSummariser? = nil,
        inputTokenCounter: (any InputTokenCounting)? = nil, now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "llmcache.cost.guard")
    ) {
        self.pricing = pricing
        self.gate = gate
        self.retry = retry
        self.estimator = estimator
        self.tokenLimits = tokenLimits
        self.summariser = summariser
        self.inputTokenCounter = inputTokenCounter
        self.now = now
        self.logger = logger
    }

    /// Sends `request` through `send` under the token limits, the budget and the retry policy.
    ///
    /// - Parameters:
    ///   - request: the call to make.
    ///   - tags: labels for the cost records (feature, stage); the token limits and the budget's caps by tag
    ///     read them too. A call the token limits changed is recorded with the tag `token_budget`
    ///     (``TokenAdjustment/ledgerTag``: `summarised`, `trimmed`, `compressed` or `output_limited`; a
    ///     summary call is `summary`).
    ///   - send: the transport; it should throw `ProviderError` for provider failures.
    /// - Throws: ``TokenLimitError`` for a request over an input limit that is refused;
    ///   ``BudgetExceededError``; the transport's errors.
    public func call(
        _ request: LLMRequest, tags: [String: String] = [:],
        send: (LLMRequest) async throws -> LLMResponse
    ) async throws -> CostedResponse {
        let price = try pricing.price(for: request.model)
        var request = request
        var tags = tags
        var adjustment: TokenAdjustment?
        let measured = await measuredEstimator(for: request, provider: price.provider)
        if let tokenLimits {
            let written = request
            let estimator = try measured ?? estimator ?? .forProvider(price.provider)
            (request, adjustment) = try tokenLimits.apply(to: request, tags: tags, estimator: estimator)
            if tokenLimits.whenOverInput == .summariseHistory, let trimmed = adjustment, trimmed.droppedMessages > 0 {
                (request, adjustment) = await summarising(
                    written, trimmed: request, adjustment: trimmed, limits: tokenLimits, tags: tags,
                    estimator: estimator)
            }
            // A summary call is already tagged `summary`.
            if let adjustment, tags["token_budget"] == nil {
                tags["token_budget"] = adjustment.ledgerTag
            }
            if let adjustment {
                logger.debug(
                    "token limits changed the request",
                    metadata: [
                        "dropped_messages": "\(adjustment.droppedMessages)",
                        "summarised_messages": "\(adjustment.summarisedMessages)",
                        "compressed_blocks": "\(adjustment.compressedBlocks)",
                        "input_tokens": "\(adjustment.estimatedInputTokens)->\(adjustment.sentInputTokens)",
                        "max_tokens": "\(adjustment.requestedMaxTokens)->\(adjustment.sentMaxTokens)",
                    ])
            }
        }
        let tagged = tags
        var billed: [CostRecord] = []
        let (response, record, attempts) = try await retry.run { attempt in
            let estimate = try CostEstimate(request: request, price: price, estimator: measured ?? estimator)
            let reservation = try await gate.reserve(estimate.cost, tags: tagged)
            let response: LLMResponse
            do {
                response = try await send(request)
            } catch {
                if let failure = error as? ProviderError, let usage = failure.billedUsage {
                    let record = CostRecord.priced(usage, by: price, tags: tagged, timestamp: now(), attempt: attempt)
                    billed.append(record)
                    await gate.settle(reservation, with: record)
                } else {
                    await gate.cancel(reservation)
                }
                throw error
            }
            let row = pricing.resolve(response.model) ?? price
            let record = CostRecord.priced(response.usage, by: row, tags: tagged, timestamp: now(), attempt: attempt)
            billed.append(record)
            await gate.settle(reservation, with: record)
            logger.debug(
                "call priced",
                metadata: [
                    "model": "\(row.id)", "attempt": "\(attempt)", "estimate": "\(estimate.cost)",
                    "cost": "\(record.cost)",
                ])
            return (response, record, attempt)
        }
        return CostedResponse(
            response: response, record: record, attemptRecords: billed, attempts: attempts,
            tokenAdjustment: adjustment)
    }

    /// With an input-token counter, the estimator calibrated to the provider's count of `request`; `nil`
    /// without one, or when the count fails (logged).
    private func measuredEstimator(for request: LLMRequest, provider: ProviderID) async -> TokenEstimator? {
        guard let inputTokenCounter else { return nil }
        do {
            let counted = try await inputTokenCounter.countInputTokens(request)
            let base = try estimator ?? .forProvider(provider)
            return base.calibrated(toCount: counted, of: request)
        } catch {
            logger.debug(
                "the provider did not count the request's tokens; using the estimate",
                metadata: ["error": "\(error)"])
            return nil
        }
    }
}
