import LLMCore

/// One unit of an Anthropic prompt in cache-prefix order (tools, then system blocks, then message blocks):
/// its identity, its tokens, and the prompt-cache breakpoint placed after it, if any.
struct PromptSegment: Sendable, Hashable {
    /// The unit written canonically without its `cache_control`, which does not change the prefix.
    var identity: [UInt8]
    /// Its tokens, including any message framing attributed to it.
    var tokens: Int
    /// The lifetime asked for by a breakpoint after this unit.
    var breakpoint: PromptCacheMarker.TTL?
}
