import Foundation
import Hummingbird
import LLMCore
import WireFormats

extension SimulatorService {
    /// `POST /v1/responses`: OpenAI's Responses API, plain or as its event stream. `input` is a string or a
    /// list of items; `instructions`, function tools and `reasoning.effort` (a reasoning item and reasoning
    /// tokens in the usage) are honoured. The stream is written here, independently of the proxy's encoder,
    /// so that the proxy's assembler is checked against a second reading of the format.
    func openAIResponses(_ body: JSONValue, call: Call) throws -> Reply {
        guard let model = body["model"]?.stringValue, !model.isEmpty else {
            throw InvalidRequest(message: "Missing required parameter: 'model'.")
        }
        let tokenizer = SimulatedTokenizer.openAI
        var tokens = OpenAITokenStream(scope: model + "\u{0}" + (body["prompt_cache_key"]?.stringValue ?? ""))
        tokens.addFraming("request", count: tokenizer.requestOverhead)
        if let instructions = body["instructions"]?.stringValue { tokens.addText(instructions) }
        let tools = body["tools"]?.arrayValue ?? []
        for tool in tools { tokens.addText(ServerSentEventText.json(tool)) }
        var lastUserText = ""
        var lastIsToolOutput = false
        switch body["input"] {
        case .string(let text)?:
            tokens.addText(text)
            lastUserText = text
        case .array(let items)?:
            for item in items {
                tokens.addFraming(item["role"]?.stringValue ?? item["type"]?.stringValue ?? "item", count: 3)
                switch item["content"] {
                case .string(let text)?:
                    tokens.addText(text)
                    if item["role"]?.stringValue == "user" { lastUserText = text }
                case .array(let parts)?:
                    for part in parts {
                        let text = part["text"]?.stringValue ?? ServerSentEventText.json(part)
                        tokens.addText(text)
                        if item["role"]?.stringValue == "user", part["text"] != nil { lastUserText = text }
                    }
                default:
                    tokens.addText(ServerSentEventText.json(item))
                }
                lastIsToolOutput = item["type"]?.stringValue == "function_call_output"
            }
        default:
            throw InvalidRequest(message: "Missing required parameter: 'input'.")
        }
        let promptTokens = tokens.count
        let cached = openAICache.account(
            boundaries: tokens.boundaries,
            lifetime: Double(configuration.openAICacheLifetime.saturatedMilliseconds) / 1000,
            now: configuration.clock.now())
        let maxTokens = body["max_output_tokens"]?.intValue ?? 4096
        let answer = SimulatedAnswer(
            SimulatedAnswer.Inputs(
                model: model, lastUserText: lastUserText, lastTurnHasToolResult: lastIsToolOutput,
                toolNames: tools.compactMap { $0["name"]?.stringValue },
                toolChoice: body["tool_choice"]?.stringValue == "required" ? .any : .auto,
                wantsJSON: body["text"]?["format"]?["type"]?.stringValue == "json_schema", stopSequences: [],
                maxTokens: maxTokens, digest: Self.answerDigest(body)),
            tokenizer: tokenizer)
        let digest = Self.answerDigest(body)
        let id = "resp_sim\(call.sequence)" + digest
        let reasoningTokens = body["reasoning"]?["effort"]?.stringValue.map { $0 == "high" ? 64 : 16 } ?? 0
        var output: [JSONValue] = []
        if reasoningTokens > 0 { output.append(["type": "reasoning", "id": .string("rs_\(digest)"), "summary": []]) }
        for (index, block) in answer.blocks.enumerated() {
            switch block {
            case .text(let text):
                output.append([
                    "type": "message", "id": .string("msg_\(digest)_\(index)"), "status": "completed",
                    "role": "assistant",
                    "content": [["type": "output_text", "text": .string(text), "annotations": [], "logprobs": []]],
                ])
            case .toolCall(let toolID, let name, let input):
                output.append([
                    "type": "function_call", "id": .string("fc_\(digest)_\(index)"), "call_id": .string(toolID),
                    "name": .string(name), "arguments": .string(ServerSentEventText.json(input)), "status": "completed",
                ])
            }
        }
        let outputTokens = answer.outputTokens + reasoningTokens
        let usageJSON: JSONValue = [
            "input_tokens": .int(Int64(promptTokens)), "input_tokens_details": ["cached_tokens": .int(Int64(cached))],
            "output_tokens": .int(Int64(outputTokens)),
            "output_tokens_details": ["reasoning_tokens": .int(Int64(reasoningTokens))],
            "total_tokens": .int(Int64(promptTokens + outputTokens)),
        ]
        let usage = Usage(inputTokens: promptTokens - cached, outputTokens: outputTokens, cacheReadInputTokens: cached)
        let stream = body["stream"]?.boolValue ?? false
        record(call, responseID: id, model: model, stream: stream, usage: usage, wireUsage: usageJSON)
        let created = JSONValue.int(Int64(configuration.clock.now().timeIntervalSince1970.rounded(.down)))
        var response: [String: JSONValue] = [
            "id": .string(id), "object": "response", "created_at": created, "status": "completed",
            "model": .string(model),
            "output": .array(output), "usage": usageJSON, "error": .null, "incomplete_details": .null,
            "instructions": body["instructions"] ?? .null, "tools": .array(tools),
            "parallel_tool_calls": body["parallel_tool_calls"] ?? true, "tool_choice": body["tool_choice"] ?? "auto",
            "temperature": body["temperature"] ?? 1.0, "top_p": body["top_p"] ?? 1.0,
            "max_output_tokens": body["max_output_tokens"] ?? .null,
            "previous_response_id": body["previous_response_id"] ?? .null,
            "reasoning": body["reasoning"] ?? ["effort": .null, "summary": .null],
            "text": body["text"] ?? ["format": ["type": "text"]], "store": body["store"] ?? true,
            "metadata": body["metadata"] ?? [:], "truncation": "disabled", "service_tier": "default",
        ]
        guard stream else { return .json(.object(response)) }
        var sequence = 0
        func event(_ type: String, _ members: [String: JSONValue]) -> String {
            var payload = members
            payload["type"] = .string(type)
            payload["sequence_number"] = .int(Int64(sequence))
            sequence += 1
            return ServerSentEventText.event(type, .object(payload))
        }
        var progress = response
        progress["status"] = "in_progress"
        progress["output"] = []
        progress["usage"] = .null
        var events = [event("response.created", ["response": .object(progress)])]
        events.append(event("response.in_progress", ["response": .object(progress)]))
        for (index, item) in output.enumerated() {
            let position = JSONValue.int(Int64(index))
            let itemID = item["id"] ?? .null
            switch item["type"]?.stringValue {
            case "message"?:
                let text = item["content"]?.arrayValue?.first?["text"]?.stringValue ?? ""
                guard case .object(var opened) = item else { continue }
                opened["status"] = "in_progress"
                opened["content"] = []
                events.append(event("response.output_item.added", ["output_index": position, "item": .object(opened)]))
                let emptyPart: JSONValue = ["type": "output_text", "text": "", "annotations": [], "logprobs": []]
                events.append(
                    event(
                        "response.content_part.added",
                        ["item_id": itemID, "output_index": position, "content_index": 0, "part": emptyPart]))
                for piece in Self.pieces(text) {
                    events.append(
                        event(
                            "response.output_text.delta",
                            [
                                "item_id": itemID, "output_index": position, "content_index": 0,
                                "delta": .string(piece), "logprobs": [],
                            ]))
                }
                events.append(
                    event(
                        "response.output_text.done",
                        ["item_id": itemID, "output_index": position, "content_index": 0, "text": .string(text)]))
                events.append(
                    event(
                        "response.content_part.done",
                        [
                            "item_id": itemID, "output_index": position, "content_index": 0,
                            "part": item["content"]?.arrayValue?.first ?? .null,
                        ]))
            case "function_call"?:
                guard case .object(var opened) = item else { continue }
                opened["status"] = "in_progress"
                opened["arguments"] = ""
                events.append(event("response.output_item.added", ["output_index": position, "item": .object(opened)]))
                let arguments = item["arguments"]?.stringValue ?? ""
                for piece in Self.pieces(arguments) {
                    events.append(
                        event(
                            "response.function_call_arguments.delta",
                            ["item_id": itemID, "output_index": position, "delta": .string(piece)]))
                }
                events.append(
                    event(
                        "response.function_call_arguments.done",
                        ["item_id": itemID, "output_index": position, "arguments": .string(arguments)]))
            default:
                events.append(event("response.output_item.added", ["output_index": position, "item": item]))
            }
            events.append(event("response.output_item.done", ["output_index": position, "item": item]))
        }
        response["status"] = "completed"
        events.append(event("response.completed", ["response": .object(response)]))
        return .events(events)
    }
}
