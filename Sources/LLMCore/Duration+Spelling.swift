import Foundation

/// The spellings of durations that configuration files, headers and command lines use (`90s`, `15m`,
/// `12h`, `7d`, `2w`, `500ms`, or combined, `1h30m`; a bare number is seconds), and the saturating
/// millisecond arithmetic that stores and compares them.
///
/// The public API takes and gives `Duration`; these helpers are for this package's modules only. A
/// `Duration` can be far longer than 64-bit milliseconds hold (`.seconds(Int64.max)` is about 9.2 × 10²¹
/// milliseconds): every conversion here saturates instead of trapping.
extension Duration {
    /// The longest time to live or maximum age a cache control may ask for: 2³¹ seconds (about 68 years),
    /// the largest delta-seconds value HTTP caches must handle (RFC 9111, section 1.2.2).
    package static let maximumCacheLifetime: Duration = .seconds(2_147_483_648)

    /// The attoseconds in one millisecond.
    private static let attosecondsPerMillisecond: Int128 = 1_000_000_000_000_000

    /// The length in whole milliseconds (rounded toward zero), or `Int64.max` (`Int64.min`) when it is
    /// longer (more negative) than 64-bit milliseconds hold.
    package var saturatedMilliseconds: Int64 {
        Int64(clamping: attoseconds / Self.attosecondsPerMillisecond)
    }

    /// The length in seconds, as a `TimeInterval` (exact to the double's precision, for any length).
    package var timeInterval: Double { Double(attoseconds) / 1e18 }

    /// The duration of `seconds`, rounded to the millisecond; a length beyond 64-bit milliseconds is the
    /// longest (or shortest) such one, and a NaN is zero.
    package init(saturatingSeconds seconds: Double) {
        self = .milliseconds(Int64(saturating: (seconds * 1000).rounded()))
    }

    /// The time `millis` (milliseconds since 1970) plus this duration, saturating at the largest (or
    /// smallest) representable time instead of overflowing.
    package func expiry(after millis: Int64) -> Int64 {
        millis.addingSaturated(saturatedMilliseconds)
    }

    /// Parses `text` (see the extension's summary for the spellings); throws ``DurationParseError`` with a
    /// clear message otherwise, also for a length beyond 64-bit milliseconds (about 292 million years).
    package init(parsing text: String) throws(DurationParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !trimmed.isEmpty else { throw DurationParseError(text: text) }
        if let whole = Int64(trimmed), whole >= 0 {
            let (product, overflow) = whole.multipliedReportingOverflow(by: 1000)
            guard !overflow else { throw DurationParseError(text: text) }
            self = .milliseconds(product)
            return
        }
        let units: [(String, Int64)] = [
            ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000), ("w", 604_800_000),
        ]
        var total: Int64 = 0
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let amount = Int64(digits) else { throw DurationParseError(text: text) }
            rest = rest.dropFirst(digits.count)
            let letters = rest.prefix { $0.isASCII && $0.isLetter }
            guard let unit = units.first(where: { $0.0 == letters }) else { throw DurationParseError(text: text) }
            rest = rest.dropFirst(letters.count)
            let (product, overflow) = amount.multipliedReportingOverflow(by: unit.1)
            let (sum, sumOverflow) = total.addingReportingOverflow(product)
            guard !overflow, !sumOverflow else { throw DurationParseError(text: text) }
            total = sum
        }
        self = .milliseconds(total)
    }

    /// A short spelling such as `7d`, `1h30m` or `250ms`, which ``init(parsing:)`` reads back. It counts
    /// whole milliseconds (saturating like ``saturatedMilliseconds``); a remainder under a millisecond is
    /// spelled in microseconds (`1ms500us`), which is for reading only.
    package var shortDescription: String {
        if self == .zero { return "0s" }
        if self < .zero {
            return "-" + (Duration.zero - max(self, .milliseconds(-Int64.max))).shortDescription
        }
        var rest = saturatedMilliseconds
        var parts: [String] = []
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] {
            if rest >= size {
                parts.append("\(rest / size)\(unit)")
                rest %= size
            }
        }
        let microseconds = (attoseconds % Self.attosecondsPerMillisecond) / 1_000_000_000_000
        if microseconds > 0, saturatedMilliseconds < .max { parts.append("\(microseconds)us") }
        return parts.isEmpty ? "0s" : parts.joined()
    }
}

/// An error for text that is not a duration.
package struct DurationParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text that was given.
    package let text: String

    /// An error for `text`.
    package init(text: String) { self.text = text }

    package var description: String {
        "'\(text.prefix(64))' is not a duration; write a number with a unit, e.g. 500ms, 90s, 15m, 12h, 7d, 2w or 1h30m"
    }
}
