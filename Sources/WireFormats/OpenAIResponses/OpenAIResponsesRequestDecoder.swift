import Foundation
import LLMCore

/// Reads the body of an OpenAI `POST /v1/responses` into an `LLMRequest` for the caches, keeping
/// every member as sent.
///
/// The neutral request models `model`, `instructions` (as the system prompt), `max_output_tokens`,
/// `temperature`, `top_p`, `stream`, and the last item of `input` when it is the user's text (a string input,
/// or a user message of text): that is what the semantic layer embeds. Everything else (the earlier input
/// items, tools, `text`, `reasoning`, `include`, `previous_response_id`, fields added after this was written)
/// is a provider option, sent as given and keyed unless `CacheKey.unkeyedOptions` names it. The
/// last user item's own JSON rides along (``OpenAIResponsesRequestEncoder/lastInputMetadata``) so that it
/// is sent exactly as it came. A request the caches cannot answer (`uncachedReason(_:)`) is an
/// ``UncachedWireRequestError``.
public enum OpenAIResponsesRequestDecoder {
    /// The top-level fields the neutral request models.
    static let modelledFields: Set<String> = [
        "model", "input", "instructions", "max_output_tokens", "temperature", "top_p", "stream", "stream_options",
    ]

    /// Why the request in `body` cannot go through the caches, or `nil`: a background response (answered
    /// later, by polling), a conversation (state kept by the provider that changes between calls), or
    /// several samples of log probabilities.
    static func uncachedReason(_ body: JSONValue) -> String? {
        if body["background"]?.boolValue == true { return "background" }
        if let conversation = body["conversation"], !conversation.isNull { return "conversation (provider-kept state)" }
        if let top = body["top_logprobs"], !top.isNull, top.intValue != 0 { return "top_logprobs" }
        return nil
    }

    /// The request in `body`; `defaultMaxTokens` is what the budget reserves when the body sets no
    /// `max_output_tokens` (none is then sent).
    /// - Throws: ``UncachedWireRequestError`` for a request `uncachedReason(_:)` names; ``InvalidWireRequestError``
    ///   for a body that is not a valid request.
    public static func request(from body: JSONValue, defaultMaxTokens: Int) throws -> LLMRequest {
        if let reason = uncachedReason(body) { throw UncachedWireRequestError(reason) }
        let fields = try WireFields(body, path: "")
        let model = try fields.requiredString("model")
        let limit = try fields.int("max_output_tokens")
        let maxTokens = limit ?? defaultMaxTokens
        guard maxTokens >= 1 else { throw InvalidWireRequestError("max_output_tokens must be at least 1") }
        var request = LLMRequest(provider: .openAI, model: model, messages: [], maxTokens: maxTokens)
        request.wireFormat = .openAIResponses
        request.sendsMaxTokens = limit != nil
        switch fields.value("input") {
        case nil:
            throw InvalidWireRequestError("input: field required")
        case .string(let text)?:
            request.messages = [.user(text)]
            request.metadata[OpenAIResponsesRequestEncoder.lastInputMetadata] = ServerSentEventText.json(.string(text))
        case .array(var items)?:
            if let last = items.last, let message = userText(last) {
                items.removeLast()
                request.messages = [message]
                request.metadata[OpenAIResponsesRequestEncoder.lastInputMetadata] = ServerSentEventText.json(last)
            }
            // The earlier items (possibly none): their presence also says that `input` was a list.
            request.providerOptions["input"] = .array(items)
        default:
            throw InvalidWireRequestError("input must be a string or a list of input items")
        }
        try request.read("instructions", of: fields, neutral: instructions) { $0.system = $1 }
        request.temperature = try fields.double("temperature")
        request.topP = try fields.double("top_p")
        request.stream = try fields.bool("stream") ?? false
        if let user = try fields.string("user") { request.metadata["user_id"] = user }
        request.keepMembers(of: fields, except: modelledFields)
        return request
    }

    /// Instructions as the system prompt: a non-empty string; anything else goes as given.
    static func instructions(_ value: JSONValue) -> [TextBlock]? {
        value.stringValue.flatMap { $0.isEmpty ? nil : [TextBlock($0)] }
    }

    /// The neutral user turn of an input item that is the user's text: `{"role": "user", "content": TEXT}` or
    /// with a list of `input_text` parts (with or without `"type": "message"`); `nil` for any other item.
    static func userText(_ item: JSONValue) -> Message? {
        guard case .object(let members) = item, members["role"]?.stringValue == "user",
            members.keys.allSatisfy({ ["role", "content", "type"].contains($0) }),
            members["type"].map({ $0.stringValue == "message" }) ?? true
        else { return nil }
        switch members["content"] {
        case .string(let text)?: return .user(text)
        case .array(let parts)? where !parts.isEmpty:
            var blocks: [ContentBlock] = []
            for part in parts {
                guard case .object(let partMembers) = part, partMembers["type"]?.stringValue == "input_text",
                    partMembers.keys.allSatisfy({ ["type", "text"].contains($0) }),
                    let text = partMembers["text"]?.stringValue
                else { return nil }
                blocks.append(.text(text))
            }
            return Message(role: .user, content: blocks)
        default: return nil
        }
    }
}
