import LLMCore

/// One block of a request as the planner sees it: where it is, how many tokens it adds to the prompt,
/// and the markers it already carries.
struct PromptBlock: Sendable, Hashable {
    /// Where the block is.
    var location: PromptCacheLocation
    /// The section it belongs to.
    var section: PromptSection
    /// Estimated tokens the block adds (message framing included for a message's first block).
    var tokens: Int
    /// Estimated tokens of the prompt up to and including this block.
    var prefixTokens: Int
    /// Whether a `cache_control` marker can be set on it (tools, non-empty system blocks and text blocks in turns).
    var canCarryMarker: Bool
    /// The lifetimes of the markers it already carries, in prompt order (a tool result can nest several).
    var callerTTLs: [PromptCacheMarker.TTL]
}
