/// The part of the prompt a block belongs to, by how stable it is between calls.
///
/// The first four sections, in prompt order, form the stable prefix that prompt caching can reuse.
/// The last user turn (and anything after it, such as an assistant prefill) changes from call to call
/// and never receives a breakpoint.
public enum PromptSection: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Tool definitions.
    case tools
    /// The system prompt.
    case system
    /// A long text block (a document or a set of examples) in a turn before the last user turn.
    case document
    /// Any other block of a turn before the last user turn.
    case earlierTurns = "earlier_turns"
    /// The last user turn and what follows it: the part that changes on every call.
    case lastUserTurn = "last_user_turn"

    /// Whether the section belongs to the stable prefix.
    public var isStable: Bool { self != .lastUserTurn }

    public var description: String { rawValue }
}
