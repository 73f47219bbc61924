import Foundation

/// Cached prompt prefixes by hash, with their expiry. Expired entries are ignored on lookup and swept out every
/// so many requests, so that a long benchmark does not pay for a full sweep on every call.
struct ExpiringPrefixes: Sendable {
    private var expiries: [UInt64: Date] = [:]
    private var requestsSinceSweep = 0

    /// Requests between two sweeps.
    static let sweepInterval = 256

    /// The expiry of `key`, if cached.
    subscript(key: UInt64) -> Date? {
        get { expiries[key] }
        set { expiries[key] = newValue }
    }

    /// Counts a request and removes expired entries every ``sweepInterval`` requests.
    mutating func purgeOccasionally(now: Date) {
        requestsSinceSweep += 1
        guard requestsSinceSweep >= Self.sweepInterval else { return }
        requestsSinceSweep = 0
        expiries = expiries.filter { $0.value > now }
    }
}
