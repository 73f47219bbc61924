import Foundation
import LLMCache
import LLMCore
import WireFormats

/// The answers of a batch as JSON Lines, in request order: `{"custom_id", "source": "cache"|"batch",
/// "response"}` with the response in the provider's own format, or `{"custom_id", "error"}`.
enum BatchAnswerLines {
    static func encode(_ answers: [BatchAnswer], provider: ProviderID) throws -> [UInt8] {
        let created = Int64(Date().timeIntervalSince1970)
        let lines: [JSONValue] = answers.map { answer in
            var line: [String: JSONValue] = ["custom_id": .string(answer.customID)]
            switch answer.outcome {
            case .cacheHit(let cached), .batchResult(let cached):
                line["source"] = answer.isCacheHit ? "cache" : "batch"
                let response = cached.response
                switch provider {
                case .anthropic:
                    line["response"] = AnthropicResponseEncoder.body(for: response)
                default:
                    line["response"] =
                        answer.request.wireFormat == .openAIResponses
                        ? OpenAIResponsesResponseEncoder.body(for: response, created: created)
                        : OpenAIChatResponseEncoder.body(for: response, created: created)
                }
                if let cost = cached.cache.cost { line["cost_micros"] = .int(cost.rawValue) }
            case .failed(let failure):
                var error: [String: JSONValue] = [
                    "kind": .string(failure.kind.rawValue), "message": .string(failure.message),
                ]
                if let status = failure.status { error["status"] = .int(Int64(status)) }
                line["error"] = .object(error)
            }
            return .object(line)
        }
        return try JSONLines.encode(lines)
    }
}
