import Foundation
import LLMCore

/// Writes an `LLMResponse` as the body of a successful Chat Completions call: the inverse of the
/// Providers module's response decoder.
///
/// Text blocks become `message.content`, tool calls `message.tool_calls` with JSON-string arguments; a
/// refusal becomes `message.refusal`. The stop reason maps end turn and stop sequence → `stop`, max tokens →
/// `length`, tool use → `tool_calls`. Usage counts every input token in `prompt_tokens` and cache reads in
/// `prompt_tokens_details.cached_tokens`, as OpenAI does. The provider's own members the answer kept
/// (`LLMResponse.providerFields`: `system_fingerprint`, `service_tier`, `completion_tokens_details`)
/// are written back; `created` is the time of this answer.
public enum OpenAIChatResponseEncoder {
    /// The completion body for `response`, created at `created` (seconds since 1970).
    public static func body(for response: LLMResponse, created: Int64) -> JSONValue {
        var message: [String: JSONValue] = ["role": "assistant", "refusal": .null]
        let text = response.text
        if response.stopReason == .refusal {
            message["content"] = .null
            message["refusal"] = .string(text)
        } else {
            message["content"] = text.isEmpty && hasToolCalls(response) ? .null : .string(text)
        }
        let calls = toolCalls(response)
        if !calls.isEmpty { message["tool_calls"] = .array(calls) }
        let body: JSONValue = [
            "id": .string(response.id), "object": "chat.completion", "created": .int(created),
            "model": .string(response.model),
            "choices": [
                [
                    "index": 0, "message": .object(message), "logprobs": .null,
                    "finish_reason": .string(finishReason(response.stopReason)),
                ]
            ],
            "usage": usage(response.usage),
        ]
        return response.addingProviderFields(to: body)
    }

    /// OpenAI's finish reason for a stop reason.
    static func finishReason(_ reason: StopReason) -> String {
        switch reason {
        case .endTurn, .stopSequence, .refusal: return "stop"
        case .maxTokens: return "length"
        case .toolUse: return "tool_calls"
        case .other(let value): return value
        }
    }

    /// OpenAI's usage object: `prompt_tokens` holds every input token, cached ones included.
    static func usage(_ usage: Usage) -> JSONValue {
        let prompt = Int64(usage.totalInputTokens)
        let completion = Int64(usage.outputTokens)
        return [
            "prompt_tokens": .int(prompt), "completion_tokens": .int(completion),
            "total_tokens": .int(prompt.addingSaturated(completion)),
            "prompt_tokens_details": ["cached_tokens": .int(Int64(usage.cacheReadInputTokens))],
        ]
    }

    static func hasToolCalls(_ response: LLMResponse) -> Bool {
        response.content.contains { if case .toolUse = $0 { return true } else { return false } }
    }

    static func toolCalls(_ response: LLMResponse) -> [JSONValue] {
        response.content.compactMap { block in
            guard case .toolUse(let id, let name, let input) = block else { return nil }
            return [
                "id": .string(id), "type": "function",
                "function": ["name": .string(name), "arguments": .string(arguments(input))],
            ]
        }
    }

    /// Tool input as the JSON string OpenAI sends.
    static func arguments(_ input: JSONValue) -> String { (try? CanonicalJSON.string(input)) ?? "{}" }
}
