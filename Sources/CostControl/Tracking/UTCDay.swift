import Foundation

/// A calendar day in a fixed time zone (UTC unless told otherwise), the unit of daily caps and breakdowns.
public struct UTCDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year, month (1–12) and day (1–31).
    public let year: Int, month: Int, day: Int

    /// The day that contains `date` in `timeZone`.
    public init(_ date: Date, timeZone: TimeZone = UTCDay.utc) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.year = parts.year ?? 1970
        self.month = parts.month ?? 1
        self.day = parts.day ?? 1
    }

    /// UTC, the default day boundary.
    public static let utc = TimeZone(secondsFromGMT: 0) ?? .current

    /// The span from this day's first instant to the next day's first instant, in `timeZone`.
    public func interval(timeZone: TimeZone = UTCDay.utc) -> DateInterval {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start =
            calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? Date(timeIntervalSince1970: 0)
        let end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
        return DateInterval(start: start, end: end)
    }

    public static func < (lhs: UTCDay, rhs: UTCDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
