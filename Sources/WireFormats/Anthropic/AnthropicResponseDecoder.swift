import Foundation
import LLMCore

/// Reads the body of a successful Anthropic `POST /v1/messages` into an `LLMResponse`.
///
/// Content blocks `text` and `tool_use` become the neutral blocks; every other block (thinking, redacted
/// thinking, server-tool blocks, text with citations) is kept as given
/// (`ContentBlock.providerBlock(_:)`), so the answer is written back as the provider gave it. Usage goes through `Usage.anthropic(json:)`, which keeps the
/// 5-minute and 1-hour cache writes apart.
public enum AnthropicResponseDecoder {
    /// The error for a body that is not an Anthropic message.
    static func invalid(_ problem: String) -> InvalidProviderBodyError {
        InvalidProviderBodyError(expected: "an Anthropic message", problem: problem)
    }

    /// The response in `body`.
    public static func response(from body: JSONValue) throws -> LLMResponse {
        guard let id = body["id"]?.stringValue else { throw invalid("no id") }
        guard let content = body["content"]?.arrayValue else { throw invalid("no content array") }
        let usage = try Usage.anthropic(json: body["usage"] ?? .object([:]))
        return LLMResponse(
            id: id, model: body["model"]?.stringValue ?? "", content: try content.compactMap(block),
            stopReason: StopReason(rawValue: body["stop_reason"]?.stringValue ?? "end_turn"),
            stopSequence: body["stop_sequence"]?.stringValue, usage: usage, providerFields: providerFields(of: body))
    }

    /// The members of a message the neutral answer does not model (`container`, the usage object's
    /// `service_tier` or `server_tool_use`).
    static func providerFields(of body: JSONValue) -> [String: JSONValue] {
        guard case .object(let members) = body else { return [:] }
        let modelled: Set<String> = ["id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage"]
        var fields = members.filter { !modelled.contains($0.key) && !$0.value.isNull }
        if case .object(let usage)? = members["usage"] {
            let modelledUsage: Set<String> = [
                "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens",
                "cache_creation",
            ]
            let extra = usage.filter { !modelledUsage.contains($0.key) && !$0.value.isNull }
            if !extra.isEmpty { fields["usage"] = .object(extra) }
        }
        return fields
    }

    /// One response content block.
    static func block(_ value: JSONValue) throws -> ContentBlock? {
        guard case .object(let members) = value, let type = members["type"]?.stringValue else {
            throw invalid("a content block without type")
        }
        let present = Set(members.filter { !$0.value.isNull }.keys)
        switch type {
        case "text" where present.isSubset(of: ["type", "text"]):
            guard let text = value["text"]?.stringValue else { throw invalid("text block without text") }
            return .text(text)
        case "tool_use" where present.isSubset(of: ["type", "id", "name", "input"]):
            guard let id = value["id"]?.stringValue, let name = value["name"]?.stringValue else {
                throw invalid("tool_use block without id or name")
            }
            return .toolUse(id: id, name: name, input: value["input"] ?? .object([:]))
        default:
            return .providerBlock(value)
        }
    }
}
