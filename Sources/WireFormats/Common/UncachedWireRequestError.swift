/// A valid request whose answer one cached answer cannot hold (several choices, log probabilities, audio, a
/// background response): a request decoder throws it instead of a request, and the caller sends the body
/// to the provider as it came, uncached.
public struct UncachedWireRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What makes it uncacheable (`n other than 1 (several choices)`, `logprobs`, `background`…).
    public let reason: String

    /// The error for `reason`.
    public init(_ reason: String) { self.reason = reason }

    public var description: String { "\(reason): this request cannot be cached; send it to the provider as it is" }
}

/// The former name of ``UncachedWireRequestError``.
@available(*, deprecated, renamed: "UncachedWireRequestError")
public typealias UncachedWireRequest = UncachedWireRequestError
