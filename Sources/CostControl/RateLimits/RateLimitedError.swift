import Foundation
import LLMCore

/// An upstream call refused by a ``RateLimiter``: a rate had no room and would not have room within the
/// allowed wait. Nothing was sent, reserved or charged.
public struct RateLimitedError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bucket that had no room: `namespace=NAME`, `caller=ID` or a `key=value` cost tag.
    public var scope: String
    /// What ran out: `requests` or `tokens` per minute.
    public var unit: String
    /// The rate's limit per minute.
    public var limit: Int
    /// How long until the call would fit.
    public var retryAfter: Duration

    /// An error; every parameter is the property of the same name.
    ///
    /// - Parameters:
    ///   - scope: the bucket that had no room.
    ///   - unit: `requests` or `tokens`.
    ///   - limit: the rate per minute.
    ///   - retryAfter: how long until the call would fit.
    public init(scope: String, unit: String, limit: Int, retryAfter: Duration) {
        self.scope = scope
        self.unit = unit
        self.limit = limit
        self.retryAfter = retryAfter
    }

    public var description: String {
        "rate limit of \(limit) \(unit) per minute for \(scope) reached; retry after "
            + "\(String(format: "%.1f", retryAfter.timeInterval)) s, or raise the rate (RateLimits) or its maxWait"
    }
}
