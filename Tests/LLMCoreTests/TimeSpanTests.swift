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
        "invalid durations say what is expected", arguments: ["", "7x", "d", "-5m", "1.5h", "h1", "99999999999999999w"])
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
}
