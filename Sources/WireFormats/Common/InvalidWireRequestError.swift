/// A request body the proxy refuses: not JSON, missing a required field, or asking for something the proxy
/// cannot pass on without changing the answer. It becomes a 400 in the caller's format.
public struct InvalidWireRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what to send instead.
    public let message: String

    /// A refusal with `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// The former name of ``InvalidWireRequestError``.
@available(*, deprecated, renamed: "InvalidWireRequestError")
public typealias InvalidWireRequest = InvalidWireRequestError
