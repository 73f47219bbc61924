import LLMCore
import Testing

@Suite("Durations")
struct TimeSpanTests {
    @Test(
        "valid durations",
        arguments: [
            ("500ms", Int64(500)), ("90s", 90_000), ("15m", 900_000), ("12h", 43_200_000), ("7d", 604_800_000),
            ("2w", 1_209_600_000), ("1h30m", 5_400_000), ("45", 45_000), (" 7D ", 604_800_000),
        ])
    func parses(text: String, milliseconds: Int64) throws {
        #expect(try TimeSpan(parsing: text).milliseconds == milliseconds)
    }

    @Test(
        "invalid durations say what is expected",
        arguments: [
            "", "7x", "d", "-5m", "1.5h", "h1", "99999999999999999w", "9223372036854775807",
            "9223372036854776s", "9223372036854775807ms9223372036854775807ms", "106751991167d106751991167d",
        ])
    func rejects(text: String) {
        let error = #expect(throws: TimeSpan.ParseError.self) { try TimeSpan(parsing: text) }
        #expect(error?.description.contains("e.g. 500ms") == true)
    }

    @Test("descriptions are short")
    func describes() {
        #expect(TimeSpan(milliseconds: 5_400_000).description == "1h30m")
        #expect(TimeSpan(milliseconds: 86_400_000).description == "1d")
        #expect(TimeSpan(milliseconds: 250).description == "250ms")
    }

    @Test("the largest sums still parse, one millisecond more is refused")
    func bounds() throws {
        #expect(try TimeSpan(parsing: "9223372036854775807ms").milliseconds == .max)
        #expect(try TimeSpan(parsing: "9223372036854775s").milliseconds == 9_223_372_036_854_775_000)
        #expect(throws: TimeSpan.ParseError.self) { try TimeSpan(parsing: "9223372036854775s808ms") }
    }

    @Test("expiry and conversions saturate instead of trapping")
    func saturates() {
        let now: Int64 = 1_800_000_000_000
        #expect(TimeSpan(milliseconds: .max).expiry(after: now) == .max)
        #expect(TimeSpan(milliseconds: .min).expiry(after: -now) == .min)
        #expect(TimeSpan(milliseconds: 1000).expiry(after: now) == now + 1000)
        #expect(TimeSpan(seconds: .infinity).milliseconds == .max)
        #expect(TimeSpan(seconds: -.infinity).milliseconds == .min)
        #expect(TimeSpan(seconds: .nan).milliseconds == 0)
        #expect(TimeSpan(seconds: 1e300).milliseconds == .max)
        #expect(Int64.max.multipliedSaturated(by: -2) == .min)
        #expect(Int64.min.subtractingSaturated(1) == .min)
        #expect(TimeSpan(milliseconds: .min).description.hasPrefix("-"))
    }

    @Test("the cache lifetime maximum is 2^31 seconds")
    func maximum() {
        #expect(TimeSpan.maximumCacheLifetime.milliseconds == 2_147_483_648_000)
    }
}
