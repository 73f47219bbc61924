import Embeddings
import Foundation
import LLMCore
import SemanticCache

/// Runs an ``AnswerJudge``: whether a stored answer is right for a query, judged against a fresh answer.
struct AnswerJudging: Sendable {
    let judge: AnswerJudge
    let semantic: SemanticCache

    /// The fixed prompt of a model judge.
    static func judgePrompt(question: String, stored: String, fresh: String) -> String {
        """
        Two answers were given to the same request. Decide whether answer A serves the request as well as \
        answer B: it answers what was asked, with the same facts, numbers and conclusions (wording may differ).

        Request:
        \(question)

        Answer A:
        \(stored)

        Answer B:
        \(fresh)

        Reply with one word: yes or no.
        """
    }

    /// `true` (right), `false` (wrong), or `nil` when the judge could not decide (it failed or answered
    /// neither yes nor no).
    func judge(question: String, stored: String, fresh: String, provider: ProviderID?, client: CachedClient) async
        -> Bool?
    {
        switch judge {
        case .normalizedText:
            return Self.normalized(stored) == Self.normalized(fresh)
        case .embedding(let minimum):
            guard let a = try? await semantic.embed(stored), let b = try? await semantic.embed(fresh) else {
                return nil
            }
            return VectorMath.cosineSimilarity(a, b) >= minimum
        case .model(let model):
            let request = LLMRequest(
                provider: provider, model: model,
                messages: [.user(Self.judgePrompt(question: question, stored: stored, fresh: fresh))],
                maxTokens: 5, temperature: 0)
            let controls = CacheControls(noCache: true, noStore: true, costTags: ["purpose": "cache-judge"])
            guard let answer = try? await client.callUpstream(request, controls: controls) else { return nil }
            let word = answer.response.text.lowercased().trimmingCharacters(
                in: .whitespacesAndNewlines.union(.punctuationCharacters))
            if word.hasPrefix("yes") { return true }
            if word.hasPrefix("no") { return false }
            return nil
        }
    }

    /// Lower-cased, runs of white space as one space, no punctuation at either end.
    static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
    }
}
