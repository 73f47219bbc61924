import LLMCore

/// A price per million tokens, held exactly as whole micro-dollars per million tokens.
///
/// One dollar per million tokens is one micro-dollar per token, so `$0.075 / MTok` is 75,000 here and a
/// call's cost in micro-dollars is `Σ tokens × rate / 1,000,000`, computed in integers and rounded once.
/// Published prices have at most a few decimals of a dollar per MTok, far above this resolution.
public struct TokenRate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Micro-dollars per million tokens.
    public var microDollarsPerMillion: Int64

    /// A rate of `microDollarsPerMillion` micro-dollars per million tokens.
    public init(microDollarsPerMillion: Int64) { self.microDollarsPerMillion = microDollarsPerMillion }

    /// A rate from a dollar figure per million tokens (for example `3.75`), rounded to the nearest
    /// micro-dollar per million tokens; `nil` for a negative or non-finite figure.
    public init?(dollarsPerMillion: Double) {
        guard dollarsPerMillion.isFinite, dollarsPerMillion >= 0, dollarsPerMillion < 9.0e12 else { return nil }
        self.microDollarsPerMillion = Int64((dollarsPerMillion * 1_000_000).rounded())
    }

    /// A rate from a dollar figure per single token, as LiteLLM writes it (for example `3e-06`).
    public init?(dollarsPerToken: Double) {
        guard dollarsPerToken.isFinite, dollarsPerToken >= 0, dollarsPerToken < 9.0e6 else { return nil }
        self.microDollarsPerMillion = Int64((dollarsPerToken * 1_000_000_000_000).rounded())
    }

    /// No charge.
    public static let free = TokenRate(microDollarsPerMillion: 0)

    /// This rate scaled by `percent` / 100, rounded to the nearest unit (for discounts and multipliers).
    /// A result too large to hold is the largest rate; a rate read from a file may be that large.
    public func scaled(percent: Int64) -> TokenRate {
        let (product, overflow) = microDollarsPerMillion.multipliedReportingOverflow(by: percent)
        let (rounded, roundingOverflow) = product.addingReportingOverflow(50)
        guard !overflow, !roundingOverflow else {
            return TokenRate(microDollarsPerMillion: (microDollarsPerMillion < 0) == (percent < 0) ? .max : .min)
        }
        return TokenRate(microDollarsPerMillion: rounded / 100)
    }

    /// The rate in dollars per million tokens, written with the decimals it needs: `$3`, `$0.075`.
    public var description: String {
        MicroDollars(microDollarsPerMillion).formatted(minimumFractionDigits: 0)
    }

    public static func < (lhs: TokenRate, rhs: TokenRate) -> Bool {
        lhs.microDollarsPerMillion < rhs.microDollarsPerMillion
    }
}
