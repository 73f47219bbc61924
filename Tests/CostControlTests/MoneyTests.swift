import CostControl
import LLMCore
import Testing

@Suite("Money")
struct MoneyTests {
    @Test(
        "formatting keeps two decimals and drops further trailing zeros",
        arguments: [
            (Int64(23_400), "$0.0234"), (500_000, "$0.50"), (12_000_000, "$12.00"), (1, "$0.000001"),
            (-1, "-$0.000001"), (0, "$0.00"), (1_234_567, "$1.234567"),
        ])
    func formatting(raw: Int64, expected: String) {
        #expect(MicroDollars(raw).description == expected)
    }

    @Test(
        "parsing dollar amounts",
        arguments: [
            ("0.50", Int64?.some(500_000)), ("$12", 12_000_000), ("$0.0234", 23_400), ("1.000001", 1_000_001),
            ("1.0000001", nil), ("-1", nil), ("abc", nil), ("", nil), ("1.", nil), (".5", nil),
        ])
    func parsing(text: String, expected: Int64?) {
        #expect(MicroDollars(parsing: text)?.rawValue == expected)
    }

    @Test("token rates are exact micro-dollars per million tokens")
    func tokenRates() {
        #expect(TokenRate(dollarsPerMillion: 0.075)?.microDollarsPerMillion == 75_000)
        #expect(TokenRate(dollarsPerMillion: 3.75)?.microDollarsPerMillion == 3_750_000)
        #expect(TokenRate(dollarsPerToken: 3.75e-06)?.microDollarsPerMillion == 3_750_000)
        #expect(TokenRate(dollarsPerToken: 1.25e-07)?.microDollarsPerMillion == 125_000)
        #expect(TokenRate(dollarsPerMillion: -1) == nil)
        #expect(TokenRate(dollarsPerMillion: .nan) == nil)
        #expect(TokenRate(dollarsPerMillion: 0.075)?.description == "$0.075")
    }

    @Test("a tenth of a cent summed ten thousand times is exactly ten dollars")
    func exactSums() {
        let total = (0..<10_000).reduce(MicroDollars.zero) { sum, _ in sum + MicroDollars(1_000) }
        #expect(total == .dollars(10))
        var floating = 0.0
        for _ in 0..<10_000 { floating += 0.001 }
        #expect(floating != 10.0)  // what a binary float sum would have given
    }
}
