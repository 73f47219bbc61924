import Foundation
import Hummingbird
import LLMCore
import WireFormats

extension SimulatorService {
    /// `POST /v1/chat/completions`: validates the request, accounts its tokens and OpenAI's automatic prefix
    /// cache, answers plainly or as a chunk stream ending in `[DONE]`.
    func openAIChat(_ body: JSONValue, call: Call) throws -> Reply {
        guard let model = body["model"]?.stringValue, !model.isEmpty else {
            throw InvalidRequest(message: "you must provide a model parameter")
        }
        guard let messages = body["messages"]?.arrayValue, !messages.isEmpty else {
            throw InvalidRequest(message: "'messages' must contain at least one message")
        }
        let maxTokens = body["max_completion_tokens"]?.intValue ?? body["max_tokens"]?.intValue ?? 4096
        guard maxTokens >= 1 else { throw InvalidRequest(message: "max_tokens must be at least 1") }
        let tokenizer = SimulatedTokenizer.openAI
        let cacheKey = body["prompt_cache_key"]?.stringValue ?? ""
        var tokens = OpenAITokenStream(scope: model + "\u{0}" + cacheKey)
        tokens.addFraming("request", count: tokenizer.requestOverhead)
        let tools = body["tools"]?.arrayValue ?? []
        for tool in tools { tokens.addText(ServerSentEventText.json(tool)) }
        var lastUserText = ""
        var lastIsTool = false
        for message in messages {
            let role = message["role"]?.stringValue ?? ""
            guard ["system", "developer", "user", "assistant", "tool"].contains(role) else {
                throw InvalidRequest(message: "Invalid value for 'role': '\(role)'")
            }
            tokens.addFraming(role, count: tokenizer.messageOverhead)
            var texts: [String] = []
            switch message["content"] {
            case .string(let text)?:
                tokens.addText(text)
                texts.append(text)
            case .array(let parts)?:
                for part in parts {
                    switch part["type"]?.stringValue {
                    case "text"?:
                        let text = part["text"]?.stringValue ?? ""
                        tokens.addText(text)
                        texts.append(text)
                    case "image_url"?:
                        let url = part["image_url"]?["url"]?.stringValue ?? ""
                        let digest = Array(CacheKey.hexDigest(Array(url.utf8)).utf8)
                        for index in 0..<tokenizer.imageTokens { tokens.addToken(digest + Array(String(index).utf8)) }
                    default:
                        tokens.addText(ServerSentEventText.json(part))
                    }
                }
            case nil, .null?:
                break
            default:
                throw InvalidRequest(message: "Invalid type for 'content'")
            }
            for toolCall in message["tool_calls"]?.arrayValue ?? [] {
                tokens.addText(toolCall["function"]?["name"]?.stringValue ?? "")
                tokens.addText(toolCall["function"]?["arguments"]?.stringValue ?? "")
            }
            if role == "tool" { tokens.addText(message["tool_call_id"]?.stringValue ?? "") }
            if role == "user" { lastUserText = texts.last ?? "" }
            lastIsTool = role == "tool"
        }
        let promptTokens = tokens.count
        let cached = openAICache.account(
            boundaries: tokens.boundaries,
            lifetime: Double(configuration.openAICacheLifetime.saturatedMilliseconds) / 1000,
            now: configuration.clock.now())
        let stops: [String]
        switch body["stop"] {
        case .string(let stop)?: stops = [stop]
        case .array(let values)?: stops = values.compactMap(\.stringValue)
        default: stops = []
        }
        let format = body["response_format"]?["type"]?.stringValue
        let answer = SimulatedAnswer(
            SimulatedAnswer.Inputs(
                model: model, lastUserText: lastUserText, lastTurnHasToolResult: lastIsTool,
                toolNames: tools.compactMap { $0["function"]?["name"]?.stringValue },
                toolChoice: Self.openAIChoice(body["tool_choice"]),
                wantsJSON: format == "json_object" || format == "json_schema", stopSequences: stops,
                maxTokens: maxTokens,
                digest: Self.answerDigest(body)),
            tokenizer: tokenizer)
        let id = "chatcmpl-sim\(call.sequence)" + Self.answerDigest(body)
        let created = JSONValue.int(Int64(configuration.clock.now().timeIntervalSince1970.rounded(.down)))
        let usageJSON: JSONValue = [
            "prompt_tokens": .int(Int64(promptTokens)), "completion_tokens": .int(Int64(answer.outputTokens)),
            "total_tokens": .int(Int64(promptTokens + answer.outputTokens)),
            "prompt_tokens_details": ["cached_tokens": .int(Int64(cached)), "audio_tokens": 0],
            "completion_tokens_details": [
                "reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            ],
        ]
        let usage = Usage(
            inputTokens: promptTokens - cached, outputTokens: answer.outputTokens, cacheReadInputTokens: cached)
        let stream = body["stream"]?.boolValue ?? false
        record(call, responseID: id, model: model, stream: stream, usage: usage, wireUsage: usageJSON)
        let finishReason: String
        switch answer.stopReason {
        case "max_tokens": finishReason = "length"
        case "tool_use": finishReason = "tool_calls"
        default: finishReason = "stop"
        }
        var text: String?
        var toolCalls: [(id: String, name: String, arguments: String)] = []
        for block in answer.blocks {
            switch block {
            case .text(let value): text = value
            case .toolCall(let toolID, let name, let input):
                toolCalls.append((toolID, name, ServerSentEventText.json(input)))
            }
        }
        guard stream else {
            var message: [String: JSONValue] = [
                "role": "assistant", "content": text.map(JSONValue.string) ?? .null, "refusal": .null,
                "annotations": [],
            ]
            if !toolCalls.isEmpty {
                message["tool_calls"] = .array(
                    toolCalls.map {
                        [
                            "id": .string($0.id), "type": "function",
                            "function": ["name": .string($0.name), "arguments": .string($0.arguments)],
                        ]
                    })
            }
            let completion: JSONValue = [
                "id": .string(id), "object": "chat.completion", "created": created, "model": .string(model),
                "choices": [
                    [
                        "index": 0, "message": .object(message), "logprobs": .null,
                        "finish_reason": .string(finishReason),
                    ]
                ],
                "usage": usageJSON, "service_tier": "default", "system_fingerprint": "fp_simulator",
            ]
            return .json(completion)
        }
        let includeUsage = body["stream_options"]?["include_usage"]?.boolValue ?? false
        func chunk(_ delta: JSONValue, finish: String? = nil) -> String {
            var object: [String: JSONValue] = [
                "id": .string(id), "object": "chat.completion.chunk", "created": created, "model": .string(model),
                "system_fingerprint": "fp_simulator", "service_tier": "default",
                "choices": [
                    [
                        "index": 0, "delta": delta, "logprobs": .null,
                        "finish_reason": finish.map(JSONValue.string) ?? .null,
                    ]
                ],
            ]
            if includeUsage { object["usage"] = .null }
            return ServerSentEventText.data(.object(object))
        }
        var events = [chunk(["role": "assistant", "content": "", "refusal": .null])]
        if call.fault == .streamError(beforeContent: true) {
            events.append(call.format.streamErrorEvent(type: "server_error", message: "The server is overloaded."))
            return .events(events)
        }
        var deltas: [JSONValue] = []
        if let text { deltas += Self.pieces(text).map { ["content": .string($0)] } }
        for (index, toolCall) in toolCalls.enumerated() {
            deltas.append([
                "tool_calls": [
                    [
                        "index": .int(Int64(index)), "id": .string(toolCall.id), "type": "function",
                        "function": ["name": .string(toolCall.name), "arguments": ""],
                    ]
                ]
            ])
            deltas += Self.pieces(toolCall.arguments).map {
                ["tool_calls": [["index": .int(Int64(index)), "function": ["arguments": .string($0)]]]]
            }
        }
        for (position, delta) in deltas.enumerated() {
            events.append(chunk(delta))
            if position == 0 {
                if call.fault == .cutStream { return .events(events) }
                if call.fault == .streamError(beforeContent: false) {
                    events.append(
                        call.format.streamErrorEvent(type: "server_error", message: "The server is overloaded."))
                    return .events(events)
                }
            }
        }
        events.append(chunk([:], finish: finishReason))
        if includeUsage {
            events.append(
                ServerSentEventText.data([
                    "id": .string(id), "object": "chat.completion.chunk", "created": created, "model": .string(model),
                    "system_fingerprint": "fp_simulator", "service_tier": "default", "choices": [], "usage": usageJSON,
                ]))
        }
        events.append("data: [DONE]\n\n")
        return .events(events)
    }

    static func openAIChoice(_ value: JSONValue?) -> SimulatedAnswer.Choice {
        switch value {
        case .string("none")?: return .none
        case .string("required")?: return .any
        case .object?: return .tool(value?["function"]?["name"]?.stringValue ?? "")
        default: return .auto
        }
    }
}
