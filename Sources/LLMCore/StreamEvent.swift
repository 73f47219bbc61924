/// One step of a streamed answer, in a provider-neutral shape.
///
/// A stream begins with ``started(id:model:usage:)``, then for each content block one
/// ``blockStarted(index:block:)``, any number of deltas and one ``blockStopped(index:)``, then usage updates,
/// and ends with ``completed(_:)`` carrying the assembled answer. A stream that ends without
/// ``completed(_:)`` finishes with an error instead.
public enum StreamEvent: Sendable, Hashable {
    /// The answer began: the provider's response id, the answering model and the usage known so far
    /// (normally the input side).
    case started(id: String, model: String, usage: Usage)
    /// A content block began at `index`. Text blocks start empty; tool calls start with empty input.
    case blockStarted(index: Int, block: ContentBlock)
    /// More text for the text block at `index`.
    case textDelta(index: Int, text: String)
    /// More of the JSON arguments of the tool call at `index`, as raw text that becomes valid JSON once complete.
    case toolInputDelta(index: Int, partialJSON: String)
    /// A delta of the provider's own for the block at `index`, as given: Anthropic's `thinking_delta`,
    /// `signature_delta`, `citations_delta`, or `input_json_delta` of a server tool call. Such blocks start as
    /// a ``ContentBlock/providerBlock(_:)``.
    case blockDelta(index: Int, delta: JSONValue)
    /// The content block at `index` is complete.
    case blockStopped(index: Int)
    /// The usage reported so far, cumulative (it replaces any earlier value).
    case usage(Usage)
    /// The answer is complete; the assembled response equals what a non-streamed call returns.
    case completed(LLMResponse)

    /// Whether this event delivers model output (text or tool input) to the caller.
    public var carriesContent: Bool {
        switch self {
        case .textDelta(_, let text): return !text.isEmpty
        case .toolInputDelta(_, let json): return !json.isEmpty
        case .blockStarted(_, .toolUse), .blockDelta: return true
        default: return false
        }
    }
}
