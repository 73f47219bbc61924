import CostControl
import Foundation
import LLMCacheTesting
import LLMCore
import Testing

extension FuzzTests {
    @Test("Durations: a non-negative Duration that reads back from its spelling, or a DurationParseError")
    func durations() {
        Fuzz.run(
            "durations", iterations: 4000,
            generate: { random, corpus in
                random.chance(1, in: 3) ? generatedDuration(&random) : Mutator.mutatedEntry(corpus, random: &random)
            },
            check: { input in
                let span: Duration
                do {
                    span = try Duration(parsing: String(decoding: input, as: UTF8.self))
                } catch is DurationParseError {
                    return
                }
                guard span.saturatedMilliseconds >= 0 else {
                    throw FuzzViolation("a negative span, \(span.saturatedMilliseconds) ms")
                }
                guard try Duration(parsing: span.shortDescription) == span else {
                    throw FuzzViolation(
                        "'\(span.shortDescription)' does not read back as \(span.saturatedMilliseconds) ms")
                }
                _ = span.expiry(after: Int64(Date().timeIntervalSince1970 * 1000))
            })
    }

    @Test("Dollar amounts (budget caps): a non-negative amount that prints back, or nil")
    func amounts() {
        Fuzz.run(
            "amounts", iterations: 3000,
            generate: { random, corpus in Mutator.mutatedEntry(corpus, random: &random) },
            check: { input in
                guard let amount = MicroDollars(parsing: String(decoding: input, as: UTF8.self)) else { return }
                guard amount.rawValue >= 0 else { throw FuzzViolation("a negative amount, \(amount.rawValue)") }
                guard MicroDollars(parsing: amount.formatted(minimumFractionDigits: 0)) == amount else {
                    throw FuzzViolation("'\(amount.formatted())' does not read back as \(amount.rawValue)")
                }
            })
    }

    @Test("Retry-After from an upstream: a non-negative wait or none")
    func retryAfter() {
        let now = Date(timeIntervalSince1970: 1_760_000_000)
        Fuzz.run(
            "retry-after", iterations: 2000,
            generate: { random, corpus in Mutator.mutatedEntry(corpus, random: &random) },
            check: { input in
                let text = String(decoding: input, as: UTF8.self)
                for name in ["retry-after", "retry-after-ms"] {
                    if let wait = ProviderError.advisedWait(headers: [name: text], now: now), wait < .zero {
                        throw FuzzViolation("\(name) gave a negative wait, \(wait)")
                    }
                }
            })
    }
}

private func generatedDuration(_ random: inout SplitMix64) -> [UInt8] {
    var text = ""
    for _ in 0..<(1 + random.below(4)) {
        text += random.chance(1, in: 2) ? random.pick(Mutator.hostileNumbers) : String(random.below(100_000))
        text += random.pick(["ms", "s", "m", "h", "d", "w", "", "y", "S", " "])
    }
    return Array(text.utf8)
}
