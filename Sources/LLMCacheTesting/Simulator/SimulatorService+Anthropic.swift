import Foundation
import Hummingbird
import LLMCore
import WireFormats

extension SimulatorService {
    /// `POST /v1/messages`: validates the request, accounts its tokens and prompt cache, answers plainly or as
    /// Anthropic's event stream.
    func anthropicMessages(_ body: JSONValue, call: Call) throws -> Reply {
        guard let model = body["model"]?.stringValue, !model.isEmpty else {
            throw InvalidRequest(message: "model: Field required")
        }
        guard let maxTokens = body["max_tokens"]?.intValue, maxTokens >= 1 else {
            throw InvalidRequest(message: "max_tokens: Field required and must be at least 1")
        }
        guard let messages = body["messages"]?.arrayValue, !messages.isEmpty else {
            throw InvalidRequest(message: "messages: at least one message is required")
        }
        let tokenizer = SimulatedTokenizer.anthropic
        var segments: [PromptSegment] = []
        let tools = body["tools"]?.arrayValue ?? []
        for tool in tools {
            var tokens = tokenizer.tokens(tool["name"]?.stringValue ?? "")
            tokens += tokenizer.tokens(tool["description"]?.stringValue ?? "")
            tokens += tool["input_schema"].map { tokenizer.tokens(json: $0) } ?? tokenizer.tokens(json: tool)
            segments.append(try segment(tool, tokens: tokens))
        }
        switch body["system"] {
        case .string(let text)?:
            segments.append(PromptSegment(identity: Array(text.utf8), tokens: tokenizer.tokens(text), breakpoint: nil))
        case .array(let blocks)?:
            for block in blocks { segments.append(try segment(block, tokens: blockTokens(block, tokenizer))) }
        default:
            break
        }
        var lastUserText = ""
        var lastTurnHasToolResult = false
        for message in messages {
            let role = message["role"]?.stringValue ?? ""
            guard role == "user" || role == "assistant" else {
                throw InvalidRequest(message: "messages: role must be user or assistant, found '\(role)'")
            }
            var blocks: [PromptSegment] = []
            var texts: [String] = []
            var hasToolResult = false
            switch message["content"] {
            case .string(let text)?:
                blocks.append(
                    PromptSegment(identity: Array(text.utf8), tokens: tokenizer.tokens(text), breakpoint: nil))
                texts.append(text)
            case .array(let parts)?:
                for part in parts {
                    blocks.append(try segment(part, tokens: blockTokens(part, tokenizer)))
                    if part["type"]?.stringValue == "text", let text = part["text"]?.stringValue { texts.append(text) }
                    if part["type"]?.stringValue == "tool_result" { hasToolResult = true }
                }
            default:
                throw InvalidRequest(message: "messages: content must be a string or a list of blocks")
            }
            if !blocks.isEmpty {
                blocks[0].tokens += tokenizer.messageOverhead
                blocks[0].identity = Array(role.utf8) + [0x1d] + blocks[0].identity
            }
            segments += blocks
            if role == "user" {
                lastUserText = texts.last ?? ""
                lastTurnHasToolResult = hasToolResult
            }
        }
        // A top-level cache_control marks the last cacheable block.
        if let control = body["cache_control"], control != .null, let last = segments.indices.last {
            let marker = try segment(["cache_control": control], tokens: 0).breakpoint
            if segments[last].breakpoint == nil { segments[last].breakpoint = marker }
        }
        let breakpoints = segments.filter { $0.breakpoint != nil }.count
        guard breakpoints <= 4 else {
            throw InvalidRequest(
                message: "A maximum of 4 blocks with cache_control may be provided. Found \(breakpoints).")
        }
        let accounting = anthropicCache.account(
            model: model, segments: segments, requestOverhead: tokenizer.requestOverhead,
            minimumTokens: minimumCacheableTokens(model: model), now: configuration.clock.now())
        let answer = SimulatedAnswer(
            SimulatedAnswer.Inputs(
                model: model, lastUserText: lastUserText, lastTurnHasToolResult: lastTurnHasToolResult,
                toolNames: tools.compactMap { $0["name"]?.stringValue },
                toolChoice: Self.anthropicChoice(body["tool_choice"]),
                wantsJSON: body["output_config"]?["format"] != nil || body["output_format"] != nil,
                stopSequences: body["stop_sequences"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                maxTokens: maxTokens,
                digest: Self.answerDigest(body)),
            tokenizer: tokenizer)
        let id = "msg_sim_" + String(call.sequence) + "_" + Self.answerDigest(body)
        let write = accounting.cacheWrite5mTokens + accounting.cacheWrite1hTokens
        var usage = Usage(
            inputTokens: accounting.inputTokens, outputTokens: answer.outputTokens,
            cacheReadInputTokens: accounting.cacheReadTokens, cacheWrite5mInputTokens: accounting.cacheWrite5mTokens,
            cacheWrite1hInputTokens: accounting.cacheWrite1hTokens)
        let inputUsage: [String: JSONValue] = [
            "input_tokens": .int(Int64(accounting.inputTokens)),
            "cache_creation_input_tokens": .int(Int64(write)),
            "cache_read_input_tokens": .int(Int64(accounting.cacheReadTokens)),
            "cache_creation": [
                "ephemeral_5m_input_tokens": .int(Int64(accounting.cacheWrite5mTokens)),
                "ephemeral_1h_input_tokens": .int(Int64(accounting.cacheWrite1hTokens)),
            ],
            "service_tier": "standard",
        ]
        // Extended thinking: a thinking block (with its signature) before the answer, billed as output.
        let thinkingType = body["thinking"]?["type"]?.stringValue
        let thinking: (text: String, signature: String)? =
            thinkingType == "enabled" || thinkingType == "adaptive"
            ? ("Considering: " + lastUserText.prefix(80), "sig_" + Self.answerDigest(body)) : nil
        let thinkingTokens = thinking.map { tokenizer.tokens($0.text) } ?? 0
        usage.outputTokens += thinkingTokens
        var finalUsage = inputUsage
        finalUsage["output_tokens"] = .int(Int64(answer.outputTokens + thinkingTokens))
        let stream = body["stream"]?.boolValue ?? false
        record(call, responseID: id, model: model, stream: stream, usage: usage, wireUsage: .object(finalUsage))
        let thinkingBlock: [JSONValue] =
            thinking.map {
                [["type": "thinking", "thinking": .string($0.text), "signature": .string($0.signature)]]
            } ?? []
        let content: [JSONValue] =
            thinkingBlock
            + answer.blocks.map { block in
                switch block {
                case .text(let text): return ["type": "text", "text": .string(text)]
                case .toolCall(let toolID, let name, let input):
                    return ["type": "tool_use", "id": .string(toolID), "name": .string(name), "input": input]
                }
            }
        guard stream else {
            let message: JSONValue = [
                "id": .string(id), "type": "message", "role": "assistant", "model": .string(model),
                "content": .array(content), "stop_reason": .string(answer.stopReason),
                "stop_sequence": answer.stopSequence.map(JSONValue.string) ?? .null, "usage": .object(finalUsage),
            ]
            return .json(message)
        }
        var startUsage = inputUsage
        startUsage["output_tokens"] = 1
        var events = [
            ServerSentEventText.event(
                "message_start",
                [
                    "type": "message_start",
                    "message": [
                        "id": .string(id), "type": "message", "role": "assistant", "model": .string(model),
                        "content": [], "stop_reason": .null, "stop_sequence": .null, "usage": .object(startUsage),
                    ],
                ])
        ]
        if call.fault == .streamError(beforeContent: true) {
            events.append(call.format.streamErrorEvent(type: "overloaded_error", message: "Overloaded"))
            return .events(events)
        }
        events.append(ServerSentEventText.event("ping", ["type": "ping"]))
        if let thinking {
            events.append(
                ServerSentEventText.event(
                    "content_block_start",
                    [
                        "type": "content_block_start", "index": 0,
                        "content_block": ["type": "thinking", "thinking": "", "signature": ""],
                    ]))
            let deltas: [JSONValue] =
                Self.pieces(thinking.text).map { ["type": "thinking_delta", "thinking": .string($0)] }
                + [["type": "signature_delta", "signature": .string(thinking.signature)]]
            for delta in deltas {
                events.append(
                    ServerSentEventText.event(
                        "content_block_delta", ["type": "content_block_delta", "index": 0, "delta": delta]))
            }
            events.append(ServerSentEventText.event("content_block_stop", ["type": "content_block_stop", "index": 0]))
        }
        var deliveredContent = false
        for (index, block) in answer.blocks.enumerated() {
            let position = JSONValue.int(Int64(index + thinkingBlock.count))
            var deltas: [JSONValue] = []
            switch block {
            case .text(let text):
                events.append(
                    ServerSentEventText.event(
                        "content_block_start",
                        [
                            "type": "content_block_start", "index": position,
                            "content_block": ["type": "text", "text": ""],
                        ]))
                deltas = Self.pieces(text).map { ["type": "text_delta", "text": .string($0)] }
            case .toolCall(let toolID, let name, let input):
                events.append(
                    ServerSentEventText.event(
                        "content_block_start",
                        [
                            "type": "content_block_start", "index": position,
                            "content_block": [
                                "type": "tool_use", "id": .string(toolID), "name": .string(name), "input": [:],
                            ],
                        ]))
                deltas = Self.pieces(ServerSentEventText.json(input)).map {
                    ["type": "input_json_delta", "partial_json": .string($0)]
                }
            }
            for delta in deltas {
                events.append(
                    ServerSentEventText.event(
                        "content_block_delta", ["type": "content_block_delta", "index": position, "delta": delta]))
                if !deliveredContent {
                    deliveredContent = true
                    if call.fault == .cutStream { return .events(events) }
                    if call.fault == .streamError(beforeContent: false) {
                        events.append(call.format.streamErrorEvent(type: "overloaded_error", message: "Overloaded"))
                        return .events(events)
                    }
                }
            }
            events.append(
                ServerSentEventText.event("content_block_stop", ["type": "content_block_stop", "index": position]))
        }
        events.append(
            ServerSentEventText.event(
                "message_delta",
                [
                    "type": "message_delta",
                    "delta": [
                        "stop_reason": .string(answer.stopReason),
                        "stop_sequence": answer.stopSequence.map(JSONValue.string) ?? .null,
                    ],
                    "usage": .object(finalUsage),
                ]))
        events.append(ServerSentEventText.event("message_stop", ["type": "message_stop"]))
        return .events(events)
    }

    /// A prompt unit from a wire block: its identity without `cache_control`, and its breakpoint.
    private func segment(_ block: JSONValue, tokens: Int) throws -> PromptSegment {
        var breakpoint: PromptCacheMarker.TTL?
        if let control = block["cache_control"], control != .null {
            guard control["type"]?.stringValue == "ephemeral" else {
                throw InvalidRequest(message: "cache_control.type: Input should be 'ephemeral'")
            }
            switch control["ttl"]?.stringValue {
            case nil, "5m"?: breakpoint = .fiveMinutes
            case "1h"?: breakpoint = .oneHour
            case let other?:
                throw InvalidRequest(message: "cache_control.ttl: Input should be '5m' or '1h', found '\(other)'")
            }
        }
        let identity = (try? CanonicalJSON.encode(block.removing("cache_control"))) ?? []
        return PromptSegment(identity: identity, tokens: tokens, breakpoint: breakpoint)
    }

    /// The tokens of one Anthropic content block.
    private func blockTokens(_ block: JSONValue, _ tokenizer: SimulatedTokenizer) -> Int {
        switch block["type"]?.stringValue {
        case "text"?: return tokenizer.tokens(block["text"]?.stringValue ?? "")
        case "image"?, "document"?: return tokenizer.imageTokens
        case "tool_use"?:
            return tokenizer.tokens(block["id"]?.stringValue ?? "") + tokenizer.tokens(block["name"]?.stringValue ?? "")
                + tokenizer.tokens(json: block["input"] ?? .object([:]))
        case "tool_result"?:
            var tokens = tokenizer.tokens(block["tool_use_id"]?.stringValue ?? "")
            switch block["content"] {
            case .string(let text)?: tokens += tokenizer.tokens(text)
            case .array(let parts)?: tokens += parts.reduce(0) { $0 + blockTokens($1, tokenizer) }
            default: break
            }
            return tokens
        default:
            return tokenizer.tokens(json: block.removing("cache_control"))
        }
    }

    static func anthropicChoice(_ value: JSONValue?) -> SimulatedAnswer.Choice {
        switch value?["type"]?.stringValue {
        case "any"?: return .any
        case "none"?: return .none
        case "tool"?: return .tool(value?["name"]?.stringValue ?? "")
        default: return .auto
        }
    }
}
