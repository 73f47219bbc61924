import Foundation
import LLMCore
import Logging

/// Makes a model call under the budget and the retry policy: before every attempt (the first and each
/// retry) it estimates the cost at the model's prices and reserves it with the ``BudgetGate``; after the
/// attempt it settles the reservation with the real cost, which is recorded in the gate's ledger.
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
    private let now: @Sendable () -> Date
    private let logger: Logger

    /// A guard pricing calls from `pricing` under `gate`, retrying through `retry`.
    public init(
        pricing: PricingTable, gate: BudgetGate, retry: RetryExecutor = RetryExecutor(),
        estimator: TokenEstimator? = nil, now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "llmcache.cost.guard")
    ) {
        self.pricing = pricing
        self.gate = gate
        self.retry = retry
        self.estimator = estimator
        self.now = now
        self.logger = logger
    }

    /// Sends `request` through `send` under the budget and retry policy.
    ///
    /// - Parameters:
    ///   - request: the call to make.
    ///   - tags: labels for the cost records (feature, stage).
    ///   - send: the transport; it should throw `ProviderError` for provider failures.
    public func call(
        _ request: LLMRequest, tags: [String: String] = [:],
        send: (LLMRequest) async throws -> LLMResponse
    ) async throws -> CostedResponse {
        let price = try pricing.price(for: request.model)
        var billed: [CostRecord] = []
        let (response, record, attempts) = try await retry.run { attempt in
            let estimate = try CostEstimate(request: request, price: price, estimator: estimator)
            let reservation = try await gate.reserve(estimate.cost)
            let response: LLMResponse
            do {
                response = try await send(request)
            } catch {
                if let failure = error as? ProviderError, let usage = failure.billedUsage {
                    let record = CostRecord.priced(usage, by: price, tags: tags, timestamp: now(), attempt: attempt)
                    billed.append(record)
                    await gate.settle(reservation, with: record)
                } else {
                    await gate.cancel(reservation)
                }
                throw error
            }
            let row = pricing.resolve(response.model) ?? price
            let record = CostRecord.priced(response.usage, by: row, tags: tags, timestamp: now(), attempt: attempt)
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
        return CostedResponse(response: response, record: record, attemptRecords: billed, attempts: attempts)
    }
}
