/// Where a block sits in a request, in the order the provider reads the prompt
/// (Anthropic: tools, then system, then messages).
public enum PromptCacheLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The tool definition at `index` in `LLMRequest.tools`.
    case tool(index: Int)
    /// The system block at `index` in `LLMRequest.system`.
    case system(index: Int)
    /// Content block `block` of message `message` in `LLMRequest.messages`.
    case message(index: Int, block: Int)

    /// The location's rank in prompt order: tools before system before messages, then by index.
    private var order: (Int, Int, Int) {
        switch self {
        case .tool(let index): return (0, index, 0)
        case .system(let index): return (1, index, 0)
        case .message(let index, let block): return (2, index, block)
        }
    }

    public static func < (lhs: PromptCacheLocation, rhs: PromptCacheLocation) -> Bool { lhs.order < rhs.order }

    public var description: String {
        switch self {
        case .tool(let index): return "tools[\(index)]"
        case .system(let index): return "system[\(index)]"
        case .message(let index, let block): return "messages[\(index)].content[\(block)]"
        }
    }
}
