/// The error a miss's stream ends with when the provider's stream failed after part of the answer had
/// reached the caller. Such a call is not retried (a retry would repeat content the caller already has)
/// and its partial answer is not stored.
public struct StreamInterruptedError: Error, Sendable, CustomStringConvertible {
    /// The provider's error.
    public let underlying: any Error

    /// Wraps the error that cut the stream.
    public init(underlying: any Error) {
        self.underlying = underlying
    }

    public var description: String {
        "the provider's stream failed after part of the answer was delivered: \(underlying)"
    }
}
