import LLMCore

/// Writes an `LLMResponse` as a Responses API response object: the provider's own members as
/// stored (`LLMResponse.providerFields`: `output`, `status`, `created_at`, …), `id`, `model` and
/// the usage. An answer that has no stored `output` (one built in code) gets one made from its content.
public enum OpenAIResponsesResponseEncoder {
    /// The response object for `response`; `created` is its `created_at` when it has none.
    public static func body(for response: LLMResponse, created: Int64) -> JSONValue {
        let modelled: JSONValue = [
            "id": .string(response.id), "object": "response", "model": .string(response.model),
            "status": "completed", "created_at": .int(created), "usage": usage(response.usage),
        ]
        var body = modelled
        if case .object(var members) = body {
            // The stored members win here: they are the provider's own answer.
            for (name, value) in response.providerFields where name != "usage" { members[name] = value }
            if members["output"] == nil { members["output"] = .array(output(of: response)) }
            body = .object(members)
        }
        return response.addingProviderFields(to: body)
    }

    /// OpenAI's usage object for the Responses API.
    static func usage(_ usage: Usage) -> JSONValue {
        let input = usage.totalInputTokens
        return [
            "input_tokens": .int(Int64(input)), "output_tokens": .int(Int64(usage.outputTokens)),
            "total_tokens": .int(Int64(input.addingSaturated(usage.outputTokens))),
            "input_tokens_details": ["cached_tokens": .int(Int64(usage.cacheReadInputTokens))],
        ]
    }

    /// Output items for a response built in code: its text as one message item, its tool calls as
    /// `function_call` items, its provider blocks as given.
    static func output(of response: LLMResponse) -> [JSONValue] {
        var items: [JSONValue] = []
        var parts: [JSONValue] = []
        func flush() {
            guard !parts.isEmpty else { return }
            items.append([
                "type": "message", "id": .string("msg_\(response.id)_\(items.count)"), "status": "completed",
                "role": "assistant", "content": .array(parts),
            ])
            parts = []
        }
        for block in response.content {
            switch block {
            case .text(let text): parts.append(["type": "output_text", "text": .string(text.text), "annotations": []])
            case .toolUse(let id, let name, let input):
                flush()
                items.append([
                    "type": "function_call", "id": .string("fc_\(id)"), "call_id": .string(id), "name": .string(name),
                    "arguments": .string(ServerSentEventText.json(input)), "status": "completed",
                ])
            case .providerBlock(let raw):
                if raw["type"]?.stringValue == "refusal" {
                    parts.append(raw)
                } else {
                    flush()
                    items.append(raw)
                }
            case .image, .toolResult: break
            }
        }
        flush()
        return items
    }
}
