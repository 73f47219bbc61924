import Foundation
import LLMCore

/// Turns a Responses API event stream into `StreamEvent`s; the answer is the response object of
/// the final `response.completed` (or `response.incomplete`) event.
///
/// `response.created` starts the stream; each `output_text` part (`response.content_part.added`, then
/// `response.output_text.delta`, `response.content_part.done`) is a text block; each `function_call` item
/// (`response.output_item.added`, `response.function_call_arguments.delta`, `response.output_item.done`)
/// a tool call; every other item or part arrives whole as a provider block when it is done, in the order
/// the answer's content lists them. `error` and `response.failed` are stream errors. Other events are
/// ignored.
public struct OpenAIResponsesStreamAssembler: StreamAssembling {
    private var nextIndex = 0
    /// Block index by (output index, content index); content index -1 for a whole item.
    private var blockIndex: [String: Int] = [:]
    private var final: LLMResponse?
    public private(set) var usage: Usage?
    public private(set) var finished = false
    public private(set) var deliveredContent = false
    /// The provider's id of the request, for errors.
    public let requestID: String?

    /// An assembler at the start of a stream for the request `requestID` names.
    public init(requestID: String?) { self.requestID = requestID }

    public mutating func consume(_ event: ServerSentEvent) throws -> [StreamEvent] {
        let payload: JSONValue
        do {
            payload = try JSONValue.parse(Data(event.data.utf8))
        } catch {
            throw OpenAIResponsesResponseDecoder.invalid("event '\(event.event)' carries no JSON")
        }
        let type = payload["type"]?.stringValue ?? event.event
        let output = payload["output_index"]?.intValue ?? 0
        let part = payload["content_index"]?.intValue ?? -1
        switch type {
        case "response.created":
            let response = payload["response"] ?? .object([:])
            return [
                .started(
                    id: response["id"]?.stringValue ?? "", model: response["model"]?.stringValue ?? "", usage: Usage())
            ]
        case "response.content_part.added":
            guard payload["part"]?["type"]?.stringValue == "output_text" else { return [] }
            return [.blockStarted(index: open(output, part), block: .text(""))]
        case "response.output_text.delta":
            guard let index = blockIndex[Self.slot(output, part)] else { return [] }
            let piece = payload["delta"]?.stringValue ?? ""
            if !piece.isEmpty { deliveredContent = true }
            return [.textDelta(index: index, text: piece)]
        case "response.content_part.done":
            guard let done = payload["part"] else { return [] }
            if let index = blockIndex[Self.slot(output, part)] { return [.blockStopped(index: index)] }
            let index = open(output, part)
            deliveredContent = true
            return [.blockStarted(index: index, block: .providerBlock(done)), .blockStopped(index: index)]
        case "response.output_item.added":
            guard let item = payload["item"], item["type"]?.stringValue == "function_call" else { return [] }
            deliveredContent = true
            let start = ContentBlock.toolUse(
                id: item["call_id"]?.stringValue ?? "", name: item["name"]?.stringValue ?? "", input: .object([:]))
            return [.blockStarted(index: open(output, -1), block: start)]
        case "response.function_call_arguments.delta":
            guard let index = blockIndex[Self.slot(output, -1)] else { return [] }
            return [.toolInputDelta(index: index, partialJSON: payload["delta"]?.stringValue ?? "")]
        case "response.output_item.done":
            guard let item = payload["item"], item["type"]?.stringValue != "message" else { return [] }
            if let index = blockIndex[Self.slot(output, -1)] { return [.blockStopped(index: index)] }
            let index = open(output, -1)
            deliveredContent = true
            return [.blockStarted(index: index, block: .providerBlock(item)), .blockStopped(index: index)]
        case "response.completed", "response.incomplete":
            guard let body = payload["response"] else {
                throw OpenAIResponsesResponseDecoder.invalid("\(type) without response")
            }
            let response = try OpenAIResponsesResponseDecoder.response(from: body)
            usage = response.usage
            finished = true
            return [.usage(response.usage), .completed(response)]
        case "response.failed", "error":
            let error = payload["response"]?["error"] ?? payload
            let body: JSONValue = [
                "error": [
                    "type": error["code"] ?? error["type"] ?? "server_error",
                    "message": error["message"] ?? "the response failed",
                ]
            ]
            throw ProviderError(
                streamEvent: Data(ServerSentEventText.json(body).utf8), afterContent: deliveredContent,
                provider: .openAI, requestID: requestID, billedUsage: usage)
        default:
            return []
        }
    }

    private static func slot(_ output: Int, _ part: Int) -> String { "\(output).\(part)" }

    private mutating func open(_ output: Int, _ part: Int) -> Int {
        let index = nextIndex
        nextIndex += 1
        blockIndex[Self.slot(output, part)] = index
        return index
    }
}
