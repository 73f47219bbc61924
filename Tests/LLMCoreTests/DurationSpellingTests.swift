import LLMCore
import Testing

@Suite("Durations: spellings and saturating conversions")
struct DurationSpellingTests {
    @Test(
        "valid durations",
        arguments: [
            ("500ms", Int64(500)), ("90s", 90_000), ("15m", 900_000), ("12h", 43_200_000), ("7d", 604_800_000),
            ("2w", 1_209_600_000), ("1h30m", 5_400_000), ("45", 45_000), (" 7D ", 604_800_000),
        ])
    func parses(text: String, milliseconds: Int64) throws {
        #expect(try Duration(parsing: text) == .milliseconds(milliseconds))
        #expect(try Duration(parsing: text).saturatedMilliseconds == milliseconds)
    }

    @Test(
        "invalid durations say what is expected",
        arguments: [
            "", "7x", "d", "-5m", "1.5h", "h1", "99999999999999999w", "9223372036854775807",
            "9223372036854776s", "9223372036854775807ms9223372036854775807ms", "106751991167d106751991167d",
        ])
    func rejects(text: String) {
        let error = #expect(throws: DurationParseError.self) { try Duration(parsing: text) }
        #expect(error?.text == text)
        #expect(error?.description.contains("is not a duration; write a number with a unit, e.g. 500ms") == true)
    }

    @Test("descriptions are short and read back")
    func describes() throws {
        #expect(Duration.milliseconds(5_400_000).shortDescription == "1h30m")
        #expect(Duration.milliseconds(86_400_000).shortDescription == "1d")
        #expect(Duration.milliseconds(250).shortDescription == "250ms")
        #expect(Duration.zero.shortDescription == "0s")
        #expect(Duration.milliseconds(-1500).shortDescription == "-1s500ms")
        #expect(Duration.microseconds(1500).shortDescription == "1ms500us")
        #expect(Duration.nanoseconds(5).shortDescription == "0s")
        for text in ["1h30m", "7d", "250ms", "2w", "1d1h1m1s1ms"] {
            let duration = try Duration(parsing: text)
            #expect(try Duration(parsing: duration.shortDescription) == duration)
        }
    }

    @Test("the largest sums still parse, one millisecond more is refused")
    func bounds() throws {
        #expect(try Duration(parsing: "9223372036854775807ms").saturatedMilliseconds == .max)
        #expect(try Duration(parsing: "9223372036854775s").saturatedMilliseconds == 9_223_372_036_854_775_000)
        #expect(throws: DurationParseError.self) { try Duration(parsing: "9223372036854775s808ms") }
    }

    @Test("milliseconds saturate for durations beyond 64-bit milliseconds")
    func saturatedMilliseconds() {
        #expect(Duration.seconds(Int64.max).saturatedMilliseconds == .max)
        #expect(Duration.seconds(Int64.min).saturatedMilliseconds == .min)
        #expect((Duration.seconds(Int64.max) * 10).saturatedMilliseconds == .max)
        #expect(Duration(attoseconds: .max).saturatedMilliseconds == .max)
        #expect(Duration(attoseconds: .min).saturatedMilliseconds == .min)
        #expect(Duration.milliseconds(Int64.max).saturatedMilliseconds == .max)
        #expect(Duration.milliseconds(-1500).saturatedMilliseconds == -1500)
        #expect(Duration.microseconds(1999).saturatedMilliseconds == 1)
        #expect(Duration.microseconds(-1999).saturatedMilliseconds == -1)
        #expect(Duration.seconds(Int64.max).shortDescription == Duration.milliseconds(Int64.max).shortDescription)
        #expect(Duration(attoseconds: .min).shortDescription.hasPrefix("-"))
        #expect(Duration.seconds(Int64.max).timeInterval == Double(Int64.max))
        #expect(Duration.milliseconds(1500).timeInterval == 1.5)
    }

    @Test("expiry and conversions from seconds saturate instead of trapping")
    func saturates() {
        let now: Int64 = 1_800_000_000_000
        #expect(Duration.milliseconds(Int64.max).expiry(after: now) == .max)
        #expect(Duration.seconds(Int64.max).expiry(after: now) == .max)
        #expect(Duration.milliseconds(Int64.min).expiry(after: -now) == .min)
        #expect(Duration.seconds(Int64.min).expiry(after: -now) == .min)
        #expect(Duration.milliseconds(1000).expiry(after: now) == now + 1000)
        #expect(Duration(saturatingSeconds: .infinity).saturatedMilliseconds == .max)
        #expect(Duration(saturatingSeconds: -.infinity).saturatedMilliseconds == .min)
        #expect(Duration(saturatingSeconds: .nan) == .zero)
        #expect(Duration(saturatingSeconds: 1e300).saturatedMilliseconds == .max)
        #expect(Duration(saturatingSeconds: 1.2345) == .milliseconds(1235))
        #expect(Int64.max.multipliedSaturated(by: -2) == .min)
        #expect(Int64.min.subtractingSaturated(1) == .min)
    }

    @Test("the cache lifetime maximum is 2^31 seconds")
    func maximum() {
        #expect(Duration.maximumCacheLifetime == .seconds(2_147_483_648))
        #expect(Duration.maximumCacheLifetime.saturatedMilliseconds == 2_147_483_648_000)
        #expect(Duration.maximumCacheLifetime.shortDescription == "24855d3h14m8s")
    }
}
