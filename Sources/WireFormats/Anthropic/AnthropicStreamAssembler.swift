import Foundation
import LLMCore

/// Turns Anthropic's streamed events into `StreamEvent`s and assembles the final answer.
///
/// Events: `message_start` (id, model, input usage), `content_block_start`, `content_block_delta`
/// (`text_delta`, `input_json_delta`; on other blocks also `thinking_delta`, `signature_delta`,
/// `citations_delta`, relayed as `StreamEvent.blockDelta(index:delta:)` and applied to the block),
/// `content_block_stop`, `message_delta` (stop reason and cumulative usage),
/// `message_stop` (the end), `ping` (ignored) and `error` (a `ProviderError` of kind
/// `ProviderError.Kind.streamError(type:afterContent:)`). Unknown events are ignored, as the API
/// asks of clients.
public struct AnthropicStreamAssembler: StreamAssembling {
    private var id = ""
    private var model = ""
    private var usageJSON: [String: JSONValue] = [:]
    /// `message_start`'s message, for the members the neutral answer does not model.
    private var startMessage: [String: JSONValue] = [:]
    private var blocks: [Int: PartialBlock] = [:]
    private var order: [Int] = []
    private var stopReason: StopReason?
    private var stopSequence: String?
    public private(set) var finished = false
    public private(set) var deliveredContent = false
    /// The provider's id of the request, for errors.
    public let requestID: String?

    /// An assembler at the start of a stream for the request `requestID` names.
    public init(requestID: String?) { self.requestID = requestID }

    private enum PartialBlock {
        case text(String)
        case toolUse(id: String, name: String, json: String)
        /// A block of the provider's own, with the partial JSON of its `input` (server tool calls).
        case provider([String: JSONValue], json: String)
    }

    /// The usage known so far, if it can be read.
    public var usage: Usage? { try? Usage.anthropic(json: .object(usageJSON)) }

    /// The neutral events for one server-sent event.
    public mutating func consume(_ event: ServerSentEvent) throws -> [StreamEvent] {
        let payload: JSONValue
        do {
            payload = try JSONValue.parse(Data(event.data.utf8))
        } catch {
            throw AnthropicResponseDecoder.invalid("event '\(event.event)' carries no JSON")
        }
        let type = payload["type"]?.stringValue ?? event.event
        switch type {
        case "message_start":
            guard let message = payload["message"] else {
                throw AnthropicResponseDecoder.invalid("message_start without message")
            }
            id = message["id"]?.stringValue ?? ""
            model = message["model"]?.stringValue ?? ""
            if case .object(let members)? = message["usage"] { usageJSON = members }
            if case .object(let members) = message { startMessage = members }
            return [.started(id: id, model: model, usage: try Usage.anthropic(json: .object(usageJSON)))]
        case "content_block_start":
            guard let index = payload["index"]?.intValue, let block = payload["content_block"] else {
                throw AnthropicResponseDecoder.invalid("content_block_start without index or block")
            }
            order.append(index)
            let members = block.objectValue ?? [:]
            let present = Set(members.filter { !$0.value.isNull }.keys)
            switch block["type"]?.stringValue {
            case "text" where present.isSubset(of: ["type", "text"]):
                let text = block["text"]?.stringValue ?? ""
                blocks[index] = .text(text)
                if !text.isEmpty { deliveredContent = true }
                var events: [StreamEvent] = [.blockStarted(index: index, block: .text(""))]
                if !text.isEmpty { events.append(.textDelta(index: index, text: text)) }
                return events
            case "tool_use" where present.isSubset(of: ["type", "id", "name", "input"]):
                let toolID = block["id"]?.stringValue ?? ""
                let name = block["name"]?.stringValue ?? ""
                blocks[index] = .toolUse(id: toolID, name: name, json: "")
                deliveredContent = true
                return [.blockStarted(index: index, block: .toolUse(id: toolID, name: name, input: .object([:])))]
            default:
                blocks[index] = .provider(members, json: "")
                deliveredContent = true
                return [.blockStarted(index: index, block: .providerBlock(block))]
            }
        case "content_block_delta":
            guard let index = payload["index"]?.intValue, let delta = payload["delta"] else {
                throw AnthropicResponseDecoder.invalid("content_block_delta without index or delta")
            }
            switch (blocks[index], delta["type"]?.stringValue) {
            case (.text(let text)?, "text_delta"):
                let piece = delta["text"]?.stringValue ?? ""
                blocks[index] = .text(text + piece)
                if !piece.isEmpty { deliveredContent = true }
                return [.textDelta(index: index, text: piece)]
            case (.toolUse(let toolID, let name, let json)?, "input_json_delta"):
                let piece = delta["partial_json"]?.stringValue ?? ""
                blocks[index] = .toolUse(id: toolID, name: name, json: json + piece)
                return [.toolInputDelta(index: index, partialJSON: piece)]
            case (.text(let text)?, _):
                // A delta a plain text block does not model (`citations_delta`): it becomes the provider's.
                var members: [String: JSONValue] = ["type": "text", "text": .string(text)]
                var json = ""
                Self.apply(delta, to: &members, json: &json)
                blocks[index] = .provider(members, json: "")
                return [.blockDelta(index: index, delta: delta)]
            case (.provider(var members, var json)?, let type):
                if type == "text_delta" {
                    let piece = delta["text"]?.stringValue ?? ""
                    members["text"] = .string((members["text"]?.stringValue ?? "") + piece)
                    blocks[index] = .provider(members, json: json)
                    return [.textDelta(index: index, text: piece)]
                }
                Self.apply(delta, to: &members, json: &json)
                blocks[index] = .provider(members, json: json)
                return [.blockDelta(index: index, delta: delta)]
            default:
                return []
            }
        case "content_block_stop":
            guard let index = payload["index"]?.intValue, blocks[index] != nil else { return [] }
            return [.blockStopped(index: index)]
        case "message_delta":
            if let delta = payload["delta"] {
                if let reason = delta["stop_reason"]?.stringValue { stopReason = StopReason(rawValue: reason) }
                if let sequence = delta["stop_sequence"]?.stringValue { stopSequence = sequence }
            }
            if case .object(let members)? = payload["usage"] {
                for (key, value) in members where !value.isNull { usageJSON[key] = value }
                return [.usage(try Usage.anthropic(json: .object(usageJSON)))]
            }
            return []
        case "message_stop":
            finished = true
            return [.completed(try response())]
        case "error":
            throw ProviderError(
                streamEvent: Data(event.data.utf8), afterContent: deliveredContent, provider: .anthropic,
                requestID: requestID, billedUsage: usage)
        default:
            return []
        }
    }

    /// Applies a delta of the provider's own to a block: `thinking_delta` and `text_delta` append,
    /// `signature_delta` sets, `citations_delta` appends to `citations`, `input_json_delta` collects in `json`.
    /// Unknown deltas are relayed but change nothing.
    static func apply(_ delta: JSONValue, to members: inout [String: JSONValue], json: inout String) {
        switch delta["type"]?.stringValue {
        case "thinking_delta"?:
            members["thinking"] = .string(
                (members["thinking"]?.stringValue ?? "") + (delta["thinking"]?.stringValue ?? ""))
        case "signature_delta"?:
            members["signature"] = delta["signature"] ?? .string("")
        case "citations_delta"?:
            guard let citation = delta["citation"] else { return }
            members["citations"] = .array((members["citations"]?.arrayValue ?? []) + [citation])
        case "input_json_delta"?:
            json += delta["partial_json"]?.stringValue ?? ""
        default:
            break
        }
    }

    /// The assembled answer.
    public func response() throws -> LLMResponse {
        var content: [ContentBlock] = []
        for index in order {
            switch blocks[index] {
            case .text(let text)?: content.append(.text(text))
            case .toolUse(let toolID, let name, let json)?:
                let input: JSONValue
                if json.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    input = .object([:])
                } else {
                    do {
                        input = try JSONValue.parse(Data(json.utf8))
                    } catch {
                        throw AnthropicResponseDecoder.invalid("tool input of \(name) is not JSON")
                    }
                }
                content.append(.toolUse(id: toolID, name: name, input: input))
            case .provider(var members, let json)?:
                if !json.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    members["input"] = try? JSONValue.parse(Data(json.utf8))
                }
                content.append(.providerBlock(.object(members)))
            case nil: break
            }
        }
        return LLMResponse(
            id: id, model: model, content: content, stopReason: stopReason ?? .endTurn, stopSequence: stopSequence,
            usage: try Usage.anthropic(json: .object(usageJSON)),
            providerFields: AnthropicResponseDecoder.providerFields(
                of: .object(startMessage.merging(["usage": .object(usageJSON)]) { $1 })))
    }
}
