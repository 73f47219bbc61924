import Foundation

extension ProviderError {
    /// How long the server asked the client to wait before trying again, read from the response headers:
    /// `retry-after-ms` (milliseconds, fractions allowed) first, then `retry-after` as seconds (fractions
    /// allowed) or as an HTTP date (IMF-fixdate, RFC 850 or asctime form) measured from `now`.
    ///
    /// Returns `nil` when neither header is present or readable. A date in the past gives zero.
    /// A negative or non-finite number is unreadable and ignored, as is a header that is not a number or date.
    /// A wait longer than ``longestAdvisedWait`` is that long: no retry policy waits a day.
    public func advisedWait(now: Date) -> Duration? {
        Self.advisedWait(headers: headers, now: now)
    }

    /// ``advisedWait(now:)`` for a header dictionary (names in any case).
    public static func advisedWait(headers: [String: String], now: Date) -> Duration? {
        var lowered: [String: String] = [:]
        for (name, value) in headers { lowered[name.lowercased()] = value.trimmingCharacters(in: .whitespaces) }
        if let text = lowered["retry-after-ms"], let millis = Double(text), millis.isFinite, millis >= 0 {
            return bounded(milliseconds: millis)
        }
        guard let text = lowered["retry-after"], !text.isEmpty else { return nil }
        if let seconds = Double(text) {
            guard seconds.isFinite, seconds >= 0 else { return nil }
            return bounded(milliseconds: seconds * 1000)
        }
        guard let date = HTTPDate.parse(text) else { return nil }
        let seconds = date.timeIntervalSince(now)
        return bounded(milliseconds: max(0, seconds) * 1000)
    }

    /// The longest wait ``advisedWait(now:)`` reports: one day. Larger advice is read as this, so that a
    /// header such as `retry-after: 1e300` cannot overflow a `Duration`.
    public static let longestAdvisedWait: Duration = .seconds(86_400)

    private static func bounded(milliseconds: Double) -> Duration {
        milliseconds >= 86_400_000 ? longestAdvisedWait : .milliseconds(milliseconds)
    }
}

/// Parser for the three HTTP date forms of RFC 9110 §5.6.7.
enum HTTPDate {
    private static let formats = [
        "EEE, dd MMM yyyy HH:mm:ss zzz",  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        "EEEE, dd-MMM-yy HH:mm:ss zzz",  // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        "EEE MMM d HH:mm:ss yyyy",  // asctime: Sun Nov  6 08:49:37 1994
    ]

    static func parse(_ text: String) -> Date? {
        let collapsed = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        for format in formats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: collapsed) { return date }
        }
        return nil
    }
}
