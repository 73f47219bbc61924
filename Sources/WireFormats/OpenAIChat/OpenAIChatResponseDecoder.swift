import Foundation
import LLMCore

/// Reads the body of a successful Chat Completions call into an `LLMResponse`.
///
/// The first choice's text becomes one text block and its tool calls `toolUse` blocks (arguments parsed as
/// JSON); a `refusal` becomes the text with stop reason `StopReason.refusal`. `finish_reason`
/// maps `stop` → end turn, `length` → max tokens, `tool_calls`/`function_call` → tool use, others verbatim.
/// Usage goes through `Usage.openAI(json:)` (`cached_tokens` become cache reads).
public enum OpenAIChatResponseDecoder {
    /// The error for a body that is not a chat completion.
    static func invalid(_ problem: String) -> InvalidProviderBodyError {
        InvalidProviderBodyError(expected: "a chat completion", problem: problem)
    }

    /// The response in `body`.
    public static func response(from body: JSONValue) throws -> LLMResponse {
        guard let id = body["id"]?.stringValue else { throw invalid("no id") }
        guard let choice = body["choices"]?.arrayValue?.first, let message = choice["message"] else {
            throw invalid("no choice with a message")
        }
        var content: [ContentBlock] = []
        var refused = false
        if let text = message["content"]?.stringValue, !text.isEmpty {
            content.append(.text(text))
        } else if let refusal = message["refusal"]?.stringValue, !refusal.isEmpty {
            content.append(.text(refusal))
            refused = true
        }
        for call in message["tool_calls"]?.arrayValue ?? [] {
            content.append(try toolUse(id: call["id"]?.stringValue, function: call["function"]))
        }
        let usage = try body["usage"].map { $0.isNull ? Usage() : try Usage.openAI(json: $0) } ?? Usage()
        return LLMResponse(
            id: id, model: body["model"]?.stringValue ?? "", content: content,
            stopReason: refused ? .refusal : stopReason(choice["finish_reason"]?.stringValue), usage: usage,
            providerFields: providerFields(of: body))
    }

    /// The members of a completion the neutral answer does not model (`system_fingerprint`, `service_tier`,
    /// and usage details such as `completion_tokens_details`).
    static func providerFields(of body: JSONValue) -> [String: JSONValue] {
        guard case .object(let members) = body else { return [:] }
        var fields = members.filter {
            !["id", "object", "created", "model", "choices", "usage"].contains($0.key) && !$0.value.isNull
        }
        if case .object(let usage)? = members["usage"] {
            var extra = usage.filter {
                !["prompt_tokens", "completion_tokens", "total_tokens"].contains($0.key) && !$0.value.isNull
            }
            // `cached_tokens` is modelled (cache reads); the other prompt details are not.
            if case .object(var details)? = extra["prompt_tokens_details"] {
                details["cached_tokens"] = nil
                extra["prompt_tokens_details"] = details.isEmpty ? nil : .object(details)
            }
            if !extra.isEmpty { fields["usage"] = .object(extra) }
        }
        return fields
    }

    static func toolUse(id: String?, function: JSONValue?) throws -> ContentBlock {
        guard let id, let name = function?["name"]?.stringValue else {
            throw invalid("tool call without id or function name")
        }
        return .toolUse(id: id, name: name, input: try arguments(function?["arguments"]?.stringValue ?? "", tool: name))
    }

    static func arguments(_ text: String, tool: String) throws -> JSONValue {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .object([:]) }
        do {
            return try JSONValue.parse(Data(text.utf8))
        } catch {
            throw invalid("arguments of tool call \(tool) are not JSON")
        }
    }

    static func stopReason(_ finishReason: String?) -> StopReason {
        switch finishReason {
        case nil, "stop"?: return .endTurn
        case "length"?: return .maxTokens
        case "tool_calls"?, "function_call"?: return .toolUse
        case let other?: return .other(other)
        }
    }
}
