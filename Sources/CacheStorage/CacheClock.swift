import Foundation
import LLMCore

/// The source of "now" for TTLs and ages; inject a manual clock in tests.
public protocol CacheClock: Sendable {
    /// The current time.
    func now() -> Date
}

/// The system's wall clock.
public struct SystemClock: CacheClock {
    public init() {}
    public func now() -> Date { Date() }
}

extension Date {
    /// Milliseconds since 1970, as stored in the database.
    package var millis: Int64 { Int64(saturating: (timeIntervalSince1970 * 1000).rounded(.down)) }

    package init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}
