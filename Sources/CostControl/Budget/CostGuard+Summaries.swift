import Foundation
import LLMCore
import Logging

extension CostGuard {
    /// `trimmed` (the request `limits` trimmed) with the summary of its dropped turns in their place, or
    /// `trimmed` as it is when there is no summariser, the summariser fails or the summary cannot fit
    /// (each logged as a warning): summarising never fails the call.
    func summarising(
        _ written: LLMRequest, trimmed: LLMRequest, adjustment: TokenAdjustment, limits: TokenLimits,
        tags: [String: String], estimator: TokenEstimator
    ) async -> (request: LLMRequest, adjustment: TokenAdjustment) {
        let dropped = Array(written.messages.prefix(adjustment.droppedMessages))
        guard let summariser else {
            logger.warning(
                "the oldest turns were dropped without a summary: the cost guard has no summariser",
                metadata: ["dropped_messages": "\(dropped.count)"])
            return (trimmed, adjustment)
        }
        let summary: String
        do {
            summary = try await summarise(dropped, with: summariser, tags: tags)
        } catch {
            logger.warning(
                "summarising the dropped turns failed; they were dropped without a summary",
                metadata: ["dropped_messages": "\(dropped.count)", "error": "\(error)"])
            return (trimmed, adjustment)
        }
        guard
            let placed = limits.placingSummary(
                summary, of: dropped.count, in: trimmed, adjustment: adjustment, tags: tags, estimator: estimator)
        else {
            logger.warning(
                "the summary of the dropped turns does not fit the input limit; they were dropped without it",
                metadata: [
                    "dropped_messages": "\(dropped.count)", "summary_tokens": "\(estimator.tokens(in: summary))",
                ])
            return (trimmed, adjustment)
        }
        return placed
    }

    /// The summary of `dropped` by `summariser`; a model summary is a call of this guard, tagged
    /// `token_budget=summary`.
    private func summarise(
        _ dropped: [Message], with summariser: TurnSummariser, tags: [String: String]
    ) async throws -> String {
        let text: String
        switch summariser.source {
        case .closure(let summarise):
            text = try await summarise(dropped)
        case .model(let model):
            let provider = try pricing.price(for: model.model).provider
            let request = LLMRequest(
                provider: provider, model: model.model, system: [TextBlock(model.instructions)],
                messages: [.user(TurnSummariser.transcript(of: dropped))], maxTokens: model.maxTokens,
                temperature: 0)
            var summaryTags = tags
            summaryTags["token_budget"] = "summary"
            let costed = try await call(request, tags: summaryTags) { try await model.transport.send($0) }
            text = costed.response.text
        }
        let summary = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !summary.isEmpty else { throw EmptySummaryError() }
        return summary
    }
}

/// A summariser returned no text.
struct EmptySummaryError: Error, CustomStringConvertible {
    var description: String { "the summariser returned an empty summary" }
}
