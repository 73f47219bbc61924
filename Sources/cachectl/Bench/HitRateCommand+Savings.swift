import ArgumentParser
import CostControl
import Embeddings
import Foundation
import LLMCore
import SemanticCache
import SemanticEvaluation
import Synchronization

extension HitRateCommand {
    /// What the correct hits at one threshold would have cost at one model's prices.
    struct Savings: Encodable {
        var model: String
        var threshold: Float
        var tokensIn: Int
        var tokensOut: Int
        var correctHits: Int
        var wrongHits: Int
        var costPerCallMicros: Int64
        var savedMicros: Int64

        init(report: HitRateReport, threshold: Float, price: ModelPrice, tokensIn: Int, tokensOut: Int) {
            let metrics = report.metrics(at: threshold)
            model = price.id
            self.threshold = threshold
            self.tokensIn = tokensIn
            self.tokensOut = tokensOut
            correctHits = metrics?.correctHits ?? 0
            wrongHits = metrics?.wrongHits ?? 0
            costPerCallMicros = price.cost(of: Usage(inputTokens: tokensIn, outputTokens: tokensOut)).rawValue
            savedMicros =
                price.cost(of: Usage(inputTokens: tokensIn * correctHits, outputTokens: tokensOut * correctHits))
                .rawValue
        }

        enum CodingKeys: String, CodingKey {
            case model, threshold
            case tokensIn = "tokens_in_per_call"
            case tokensOut = "tokens_out_per_call"
            case correctHits = "correct_hits"
            case wrongHits = "wrong_hits"
            case costPerCall = "cost_per_call_usd"
            case saved = "saved_usd"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(model, forKey: .model)
            try container.encode((Double(threshold) * 1_000_000).rounded() / 1_000_000, forKey: .threshold)
            try container.encode(tokensIn, forKey: .tokensIn)
            try container.encode(tokensOut, forKey: .tokensOut)
            try container.encode(correctHits, forKey: .correctHits)
            try container.encode(wrongHits, forKey: .wrongHits)
            try container.encode(Formatting.usd(micros: costPerCallMicros), forKey: .costPerCall)
            try container.encode(Formatting.usd(micros: savedMicros), forKey: .saved)
        }
    }

    /// The `--json` output.
    struct Document: Encodable {
        var report: HitRateReport
        var savings: Savings
        var blasThreads: Int

        enum CodingKeys: String, CodingKey {
            case report, savings
            case blasThreads = "blas_threads"
        }
    }
}
