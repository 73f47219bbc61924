import Foundation
import LLMCore

/// Reads a Responses API response object into an `LLMResponse`.
///
/// The neutral content is read from `output`: each `output_text` part of a message item is a text block,
/// each `function_call` item a tool call, every other item or part a provider block. The whole response
/// but `id`, `model` and the modelled usage is kept in `LLMResponse.providerFields` (`output` as
/// given, `status`, `created_at`, the echoed request fields, the usage details), so the answer is written back
/// as the provider gave it.
public enum OpenAIResponsesResponseDecoder {
    /// The error for a body that is not an OpenAI response.
    static func invalid(_ problem: String) -> InvalidProviderBodyError {
        InvalidProviderBodyError(expected: "an OpenAI response", problem: problem)
    }

    /// The response in `body`.
    public static func response(from body: JSONValue) throws -> LLMResponse {
        guard let id = body["id"]?.stringValue else { throw invalid("no id") }
        guard let output = body["output"]?.arrayValue else { throw invalid("no output array") }
        var content: [ContentBlock] = []
        for item in output { content += try blocks(of: item) }
        let stop: StopReason
        if content.contains(where: { if case .toolUse = $0 { true } else { false } }) {
            stop = .toolUse
        } else if body["incomplete_details"]?["reason"]?.stringValue == "max_output_tokens" {
            stop = .maxTokens
        } else {
            stop = .endTurn
        }
        guard case .object(var fields) = body else { throw invalid("not an object") }
        fields["id"] = nil
        fields["model"] = nil
        let usageJSON = body["usage"] ?? .object([:])
        fields["usage"] = nil
        if case .object(let usage) = usageJSON {
            let extra = usage.filter { !["input_tokens", "output_tokens"].contains($0.key) && !$0.value.isNull }
            if !extra.isEmpty { fields["usage"] = .object(extra) }
        }
        return LLMResponse(
            id: id, model: body["model"]?.stringValue ?? "", content: content, stopReason: stop,
            usage: try Usage.openAI(json: usageJSON), providerFields: fields.filter { !$0.value.isNull })
    }

    /// The neutral blocks of one output item.
    static func blocks(of item: JSONValue) throws -> [ContentBlock] {
        switch item["type"]?.stringValue {
        case "message"?:
            return (item["content"]?.arrayValue ?? []).map { part in
                if part["type"]?.stringValue == "output_text", let text = part["text"]?.stringValue {
                    return .text(text)
                }
                return .providerBlock(part)
            }
        case "function_call"?:
            guard let callID = item["call_id"]?.stringValue, let name = item["name"]?.stringValue else {
                throw invalid("function_call without call_id or name")
            }
            let arguments = item["arguments"]?.stringValue ?? ""
            guard let input = try? JSONValue.parse(bytes: Array(arguments.utf8)) else { return [.providerBlock(item)] }
            return [.toolUse(id: callID, name: name, input: input)]
        default:
            return [.providerBlock(item)]
        }
    }
}
