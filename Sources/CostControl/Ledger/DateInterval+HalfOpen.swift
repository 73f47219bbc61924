import Foundation

extension DateInterval {
    /// Whether `date` is in the half-open interval `[start, end)`.
    func containsHalfOpen(_ date: Date) -> Bool { date >= start && date < end }
}
