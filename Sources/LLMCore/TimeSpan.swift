import Foundation

/// A length of time written the way people type it: `90s`, `15m`, `12h`, `7d`, `2w`, `500ms`, or
/// combined, `1h30m`. A bare number is seconds.
///
/// Parsing never traps: a number or a sum too large for 64-bit milliseconds is a ``ParseError``. Arithmetic
/// on a span and a point in time saturates (see ``expiry(after:)``), so a span of any size dates an entry
/// without overflowing.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The length in milliseconds.
    public let milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// The span of `seconds`, rounded to the millisecond; a span too long for 64-bit milliseconds is the
    /// longest (or shortest) one, and a NaN is zero.
    public init(seconds: Double) { self.milliseconds = Int64(saturating: (seconds * 1000).rounded()) }

    /// The length in seconds.
    public var seconds: Double { Double(milliseconds) / 1000 }

    /// The longest time to live or maximum age a cache control may ask for: 2³¹ seconds (about 68 years),
    /// the largest delta-seconds value HTTP caches must handle (RFC 9111, section 1.2.2).
    public static let maximumCacheLifetime = TimeSpan(milliseconds: 2_147_483_648 * 1000)

    /// An error for text that is not a duration.
    public struct ParseError: Error, CustomStringConvertible {
        /// The text that was given.
        public let text: String
        public var description: String {
            "'\(text.prefix(64))' is not a duration; write a number with a unit, e.g. 500ms, 90s, 15m, 12h, 7d, 2w or 1h30m"
        }
    }

    /// Parses `text`; throws ``ParseError`` with a clear message otherwise, also for a length beyond
    /// 64-bit milliseconds (about 292 million years).
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !trimmed.isEmpty else { throw ParseError(text: text) }
        if let whole = Int64(trimmed), whole >= 0 {
            let (product, overflow) = whole.multipliedReportingOverflow(by: 1000)
            guard !overflow else { throw ParseError(text: text) }
            self.milliseconds = product
            return
        }
        let units: [(String, Int64)] = [
            ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000), ("w", 604_800_000),
        ]
        var total: Int64 = 0
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let amount = Int64(digits) else { throw ParseError(text: text) }
            rest = rest.dropFirst(digits.count)
            let letters = rest.prefix { $0.isASCII && $0.isLetter }
            guard let unit = units.first(where: { $0.0 == letters }) else { throw ParseError(text: text) }
            rest = rest.dropFirst(letters.count)
            let (product, overflow) = amount.multipliedReportingOverflow(by: unit.1)
            let (sum, sumOverflow) = total.addingReportingOverflow(product)
            guard !overflow, !sumOverflow else { throw ParseError(text: text) }
            total = sum
        }
        self.milliseconds = total
    }

    /// The time `millis` (milliseconds since 1970) plus this span, saturating at the largest representable
    /// time instead of overflowing.
    public func expiry(after millis: Int64) -> Int64 {
        millis.addingSaturated(milliseconds)
    }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// A short spelling such as `7d`, `1h30m` or `250ms`.
    public var description: String {
        if milliseconds == 0 { return "0s" }
        if milliseconds < 0 {
            return "-" + TimeSpan(milliseconds: Int64(0).subtractingSaturated(milliseconds)).description
        }
        var rest = milliseconds
        var parts: [String] = []
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] {
            if rest >= size {
                parts.append("\(rest / size)\(unit)")
                rest %= size
            }
        }
        return parts.joined()
    }
}
