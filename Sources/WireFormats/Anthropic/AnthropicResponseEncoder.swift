import LLMCore

/// Writes an `LLMResponse` as the body of a successful Anthropic `POST /v1/messages`: the inverse of
/// the Providers module's response decoder, with the provider's own members the answer kept
/// (`LLMResponse.providerFields`).
public enum AnthropicResponseEncoder {
    /// The message body for `response`.
    public static func body(for response: LLMResponse) -> JSONValue {
        response.addingProviderFields(to: modelled(response))
    }

    /// The members the neutral answer models.
    static func modelled(_ response: LLMResponse) -> JSONValue {
        [
            "id": .string(response.id), "type": "message", "role": "assistant", "model": .string(response.model),
            "content": .array(response.content.compactMap(block)), "stop_reason": .string(response.stopReason.rawValue),
            "stop_sequence": response.stopSequence.map(JSONValue.string) ?? .null, "usage": usage(response.usage),
        ]
    }

    /// Anthropic's usage object, with the two cache-write lifetimes apart.
    static func usage(_ usage: Usage) -> JSONValue {
        [
            "input_tokens": .int(Int64(usage.inputTokens)), "output_tokens": .int(Int64(usage.outputTokens)),
            "cache_creation_input_tokens": .int(Int64(usage.cacheWriteInputTokens)),
            "cache_read_input_tokens": .int(Int64(usage.cacheReadInputTokens)),
            "cache_creation": [
                "ephemeral_5m_input_tokens": .int(Int64(usage.cacheWrite5mInputTokens)),
                "ephemeral_1h_input_tokens": .int(Int64(usage.cacheWrite1hInputTokens)),
            ],
        ]
    }

    /// A response content block: text, a tool call, or a provider block as given (thinking, text with
    /// citations, server-tool blocks); images and tool results are not answer blocks.
    static func block(_ block: ContentBlock) -> JSONValue? {
        switch block {
        case .text(let text): return ["type": "text", "text": .string(text.text)]
        case .toolUse(let id, let name, let input):
            return ["type": "tool_use", "id": .string(id), "name": .string(name), "input": input]
        case .providerBlock(let raw): return raw
        case .image, .toolResult: return nil
        }
    }
}
