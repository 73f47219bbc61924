import Foundation
import LLMCore

/// Turns Chat Completions chunks into `StreamEvent`s and assembles the final answer.
///
/// Each `data:` line holds a `chat.completion.chunk`; the first choice's `delta.content` (or `delta.refusal`)
/// becomes a text block and each `delta.tool_calls[i]` a tool-use block whose `function.arguments` arrive in
/// pieces. With `stream_options.include_usage` the last chunk has no choices and carries `usage`. The stream ends
/// with `data: [DONE]`; `[DONE]` before any `finish_reason` does not complete it. A chunk with an `error` member
/// is a mid-stream error. The assembled answer lists the text first, then the tool calls, as a plain call does.
public struct OpenAIChatStreamAssembler: StreamAssembling {
    private var id = ""
    private var model = ""
    private var startedEvent = false
    private var text: String?
    private var textIndex: Int?
    private var refused = false
    private var calls: [Int: (blockIndex: Int, id: String, name: String, arguments: String)] = [:]
    private var nextIndex = 0
    private var finishReason: String?
    private var openBlocks: [Int] = []
    public private(set) var usage: Usage?
    /// The members of the chunks the neutral answer does not model (`system_fingerprint`, usage details).
    private var fields: [String: JSONValue] = [:]
    public private(set) var finished = false
    public private(set) var deliveredContent = false
    /// The provider's id of the request, for errors.
    public let requestID: String?

    /// An assembler at the start of a stream for the request `requestID` names.
    public init(requestID: String?) { self.requestID = requestID }

    public mutating func consume(_ event: ServerSentEvent) throws -> [StreamEvent] {
        let data = event.data.trimmingCharacters(in: .whitespaces)
        if data == "[DONE]" {
            guard finishReason != nil else { return [] }
            finished = true
            return [.completed(try response())]
        }
        let chunk: JSONValue
        do {
            chunk = try JSONValue.parse(Data(data.utf8))
        } catch {
            throw OpenAIChatResponseDecoder.invalid("a stream chunk is not JSON")
        }
        if let error = chunk["error"], !error.isNull {
            throw ProviderError(
                streamEvent: Data(data.utf8), afterContent: deliveredContent, provider: .openAI, requestID: requestID,
                billedUsage: usage)
        }
        var events: [StreamEvent] = []
        if !startedEvent {
            id = chunk["id"]?.stringValue ?? ""
            model = chunk["model"]?.stringValue ?? ""
            startedEvent = true
            events.append(.started(id: id, model: model, usage: Usage()))
        }
        if let choice = chunk["choices"]?.arrayValue?.first {
            let delta = choice["delta"] ?? .object([:])
            let piece = delta["content"]?.stringValue ?? ""
            let refusal = delta["refusal"]?.stringValue ?? ""
            if !refusal.isEmpty { refused = true }
            let addition = piece + refusal
            if !addition.isEmpty {
                if textIndex == nil {
                    textIndex = nextIndex
                    nextIndex += 1
                    text = ""
                    openBlocks.append(textIndex ?? 0)
                    events.append(.blockStarted(index: textIndex ?? 0, block: .text("")))
                }
                text = (text ?? "") + addition
                deliveredContent = true
                events.append(.textDelta(index: textIndex ?? 0, text: addition))
            }
            for call in delta["tool_calls"]?.arrayValue ?? [] {
                let callIndex = call["index"]?.intValue ?? 0
                let function = call["function"]
                if var existing = calls[callIndex] {
                    let more = function?["arguments"]?.stringValue ?? ""
                    existing.arguments += more
                    if let name = function?["name"]?.stringValue, existing.name.isEmpty { existing.name = name }
                    calls[callIndex] = existing
                    if !more.isEmpty { events.append(.toolInputDelta(index: existing.blockIndex, partialJSON: more)) }
                } else {
                    let blockIndex = nextIndex
                    nextIndex += 1
                    let callID = call["id"]?.stringValue ?? ""
                    let name = function?["name"]?.stringValue ?? ""
                    let arguments = function?["arguments"]?.stringValue ?? ""
                    calls[callIndex] = (blockIndex, callID, name, arguments)
                    openBlocks.append(blockIndex)
                    deliveredContent = true
                    events.append(
                        .blockStarted(index: blockIndex, block: .toolUse(id: callID, name: name, input: .object([:]))))
                    if !arguments.isEmpty {
                        events.append(.toolInputDelta(index: blockIndex, partialJSON: arguments))
                    }
                }
            }
            if let reason = choice["finish_reason"]?.stringValue {
                finishReason = reason
                events += openBlocks.map { .blockStopped(index: $0) }
                openBlocks.removeAll()
            }
        }
        // Each chunk repeats the answer's own members; `obfuscation` is padding that differs per chunk.
        for (name, value) in OpenAIChatResponseDecoder.providerFields(of: chunk) where name != "obfuscation" {
            fields[name] = value
        }
        if let usageJSON = chunk["usage"], !usageJSON.isNull {
            let counted = try Usage.openAI(json: usageJSON)
            usage = counted
            events.append(.usage(counted))
        }
        return events
    }

    /// The assembled answer.
    public func response() throws -> LLMResponse {
        var content: [ContentBlock] = []
        if let text, !text.isEmpty { content.append(.text(text)) }
        for (_, call) in calls.sorted(by: { $0.key < $1.key }) {
            content.append(
                .toolUse(
                    id: call.id, name: call.name,
                    input: try OpenAIChatResponseDecoder.arguments(call.arguments, tool: call.name)))
        }
        return LLMResponse(
            id: id, model: model, content: content,
            stopReason: refused ? .refusal : OpenAIChatResponseDecoder.stopReason(finishReason),
            usage: usage ?? Usage(),
            providerFields: fields)
    }
}
