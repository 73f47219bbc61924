import LLMCore

/// Writes `StreamEvent`s as the Responses API's event stream: `response.created` and
/// `response.in_progress`; per text block a message item (`response.output_item.added`,
/// `response.content_part.added`, `response.output_text.delta`…, `response.output_text.done`,
/// `response.content_part.done`, `response.output_item.done`); per tool call a `function_call` item with
/// `response.function_call_arguments.delta` and `.done`; per provider block its item added and done; and
/// `response.completed` with the whole response object. Every event has its `sequence_number`.
public struct OpenAIResponsesEventEncoder: StreamEventEncoding {
    private let created: Int64
    private var id = ""
    private var model = ""
    private var sequence = 0
    private var outputIndex = 0
    /// A block that has started and not stopped: its output index, item id, how it began and its text or
    /// arguments so far.
    private struct OpenItem: Sendable {
        var output: Int
        var itemID: String
        var block: ContentBlock
        var text = ""
    }

    /// The open blocks, by block index.
    private var open: [Int: OpenItem] = [:]

    /// An encoder at the start of a stream; `created` is the response's `created_at`.
    public init(created: Int64) { self.created = created }

    /// The server-sent events for `event` (possibly none).
    public mutating func encode(_ event: StreamEvent) -> [String] {
        switch event {
        case .started(let id, let model, _):
            self.id = id
            self.model = model
            let skeleton: JSONValue = [
                "id": .string(id), "object": "response", "created_at": .int(created), "status": "in_progress",
                "model": .string(model), "output": [],
            ]
            return [
                emit("response.created", ["response": skeleton]), emit("response.in_progress", ["response": skeleton]),
            ]
        case .blockStarted(let index, let block):
            let output = outputIndex
            outputIndex += 1
            switch block {
            case .toolUse(let callID, let name, _):
                let itemID = "fc_\(callID)"
                open[index] = OpenItem(output: output, itemID: itemID, block: block)
                return [
                    item(
                        "added", output: output,
                        [
                            "type": "function_call", "id": .string(itemID), "call_id": .string(callID),
                            "name": .string(name), "arguments": "", "status": "in_progress",
                        ])
                ]
            case .providerBlock(let raw):
                open[index] = OpenItem(output: output, itemID: raw["id"]?.stringValue ?? "", block: block)
                return [item("added", output: output, raw)]
            default:
                let itemID = "msg_\(id)_\(output)"
                open[index] = OpenItem(output: output, itemID: itemID, block: block)
                return [
                    item(
                        "added", output: output,
                        [
                            "type": "message", "id": .string(itemID), "status": "in_progress", "role": "assistant",
                            "content": [],
                        ]),
                    emit(
                        "response.content_part.added",
                        [
                            "item_id": .string(itemID), "output_index": .int(Int64(output)), "content_index": 0,
                            "part": ["type": "output_text", "text": "", "annotations": []],
                        ]),
                ]
            }
        case .textDelta(let index, let text):
            return delta(index, text, event: "response.output_text.delta", extra: ["content_index": 0])
        case .toolInputDelta(let index, let json):
            return delta(index, json, event: "response.function_call_arguments.delta", extra: [:])
        case .blockStopped(let index):
            guard let state = open.removeValue(forKey: index) else { return [] }
            return stop(state)
        case .blockDelta, .usage:
            return []
        case .completed(let response):
            return [
                emit(
                    "response.completed",
                    ["response": OpenAIResponsesResponseEncoder.body(for: response, created: created)])
            ]
        }
    }

    /// An `error` event, for a failure after the stream began.
    public mutating func error(type: String, message: String) -> String {
        emit("error", ["code": .string(type), "message": .string(message), "param": .null])
    }

    /// A piece of the open block at `index` (text or arguments), kept for its `done` events.
    private mutating func delta(_ index: Int, _ piece: String, event: String, extra: [String: JSONValue]) -> [String] {
        guard var state = open[index] else { return [] }
        state.text += piece
        open[index] = state
        let members: [String: JSONValue] = [
            "item_id": .string(state.itemID), "output_index": .int(Int64(state.output)), "delta": .string(piece),
        ]
        return [emit(event, members.merging(extra) { $1 })]
    }

    private mutating func stop(_ state: OpenItem) -> [String] {
        let output = JSONValue.int(Int64(state.output))
        switch state.block {
        case .toolUse(let callID, let name, _):
            let done: JSONValue = [
                "type": "function_call", "id": .string(state.itemID), "call_id": .string(callID), "name": .string(name),
                "arguments": .string(state.text), "status": "completed",
            ]
            return [
                emit(
                    "response.function_call_arguments.done",
                    ["item_id": .string(state.itemID), "output_index": output, "arguments": .string(state.text)]),
                item("done", output: state.output, done),
            ]
        case .providerBlock(let raw):
            return [item("done", output: state.output, raw)]
        default:
            let part: JSONValue = ["type": "output_text", "text": .string(state.text), "annotations": []]
            let done: JSONValue = [
                "type": "message", "id": .string(state.itemID), "status": "completed", "role": "assistant",
                "content": [part],
            ]
            let itemID = JSONValue.string(state.itemID)
            return [
                emit(
                    "response.output_text.done",
                    ["item_id": itemID, "output_index": output, "content_index": 0, "text": .string(state.text)]),
                emit(
                    "response.content_part.done",
                    ["item_id": itemID, "output_index": output, "content_index": 0, "part": part]),
                item("done", output: state.output, done),
            ]
        }
    }

    /// `response.output_item.added` or `.done` for `item` at `output`.
    private mutating func item(_ stage: String, output: Int, _ item: JSONValue) -> String {
        emit("response.output_item.\(stage)", ["output_index": .int(Int64(output)), "item": item])
    }

    private mutating func emit(_ type: String, _ members: [String: JSONValue]) -> String {
        var body = members
        body["type"] = .string(type)
        body["sequence_number"] = .int(Int64(sequence))
        sequence += 1
        return ServerSentEventText.event(type, .object(body))
    }
}
