/// A provider's answer, or one event of its stream, that is not what the provider's format says: the one
/// error every response decoder and stream assembler throws for it, so that a transport maps each the same
/// way (an invalid response, never a transient failure to retry).
public struct InvalidProviderBodyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the body should have been: `an Anthropic message`, `a chat completion`, `an OpenAI response`.
    public let expected: String
    /// What is wrong.
    public let problem: String

    /// The error for a body that should have been `expected`.
    public init(expected: String, problem: String) {
        self.expected = expected
        self.problem = problem
    }

    public var description: String { "not \(expected): \(problem)" }
}

/// The former name of ``InvalidProviderBodyError``.
@available(*, deprecated, renamed: "InvalidProviderBodyError")
public typealias InvalidProviderBody = InvalidProviderBodyError
