/// How a provider decides what to cache.
public enum PromptCacheMechanism: String, Sendable, Hashable {
    /// Explicit breakpoints in the request (Anthropic's `cache_control`), at most four, each caching the
    /// prompt up to its block.
    case breakpoints
    /// Automatic caching of any repeated prefix from a minimum length, in fixed steps (OpenAI and
    /// OpenAI-compatible providers), steered by a `prompt_cache_key`.
    case automaticPrefix = "automatic_prefix"
}
