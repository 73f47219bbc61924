import Foundation

/// An amount of US dollars in whole micro-dollars (1 = $0.000001).
///
/// Money everywhere in the API: costs, savings, budgets, ledger rows. Sums are exact integer sums: adding
/// costs in any order gives the same total, which a binary floating-point sum does not. Sums and differences
/// saturate at the largest amount held (about ±$9.2 trillion) instead of trapping.
public struct MicroDollars: Sendable, Hashable, Comparable, Codable, AdditiveArithmetic, CustomStringConvertible {
    /// The amount in micro-dollars.
    public var rawValue: Int64

    /// An amount of `rawValue` micro-dollars.
    public init(_ rawValue: Int64) { self.rawValue = rawValue }

    /// An amount of whole cents.
    public static func cents(_ cents: Int64) -> MicroDollars { MicroDollars(cents.multipliedSaturated(by: 10_000)) }

    /// An amount of whole dollars.
    public static func dollars(_ dollars: Int64) -> MicroDollars {
        MicroDollars(dollars.multipliedSaturated(by: 1_000_000))
    }

    /// Parses a dollar amount written as `0.50`, `$12`, `$0.0234` or `1.000001`; `nil` for anything else,
    /// for negative amounts, for more than six decimal places (which cannot be held exactly) and for amounts
    /// above the largest one held (about $9.2 trillion).
    public init?(parsing text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        if rest.hasPrefix("$") { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let wholeText = parts.first, !wholeText.isEmpty, wholeText.allSatisfy({ $0.isASCII && $0.isNumber }),
            let whole = Int64(wholeText)
        else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int64(digits.padding(toLength: 6, withPad: "0", startingAt: 0))
            else { return nil }
            fraction = value
        }
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: 1_000_000)
        let (amount, sumOverflow) = scaled.addingReportingOverflow(fraction)
        guard !overflow, !sumOverflow else { return nil }
        self.rawValue = amount
    }

    public static var zero: MicroDollars { MicroDollars(0) }
    public static func + (lhs: MicroDollars, rhs: MicroDollars) -> MicroDollars {
        MicroDollars(lhs.rawValue.addingSaturated(rhs.rawValue))
    }
    public static func - (lhs: MicroDollars, rhs: MicroDollars) -> MicroDollars {
        MicroDollars(lhs.rawValue.subtractingSaturated(rhs.rawValue))
    }
    public static func < (lhs: MicroDollars, rhs: MicroDollars) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The amount as a `Decimal` number of dollars (exact).
    public var dollars: Decimal { Decimal(rawValue) / Decimal(1_000_000) }

    /// The amount written as dollars with at least `minimumFractionDigits` and at most six decimals,
    /// trailing zeros beyond the minimum dropped: `$0.0234`, `$0.50`, `$12.00`, `-$0.000001`.
    public func formatted(minimumFractionDigits: Int = 2) -> String {
        let sign = rawValue < 0 ? "-" : ""
        let magnitude = rawValue.magnitude
        let whole = magnitude / 1_000_000
        var fraction = String(magnitude % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        let keep = max(min(minimumFractionDigits, 6), 0)
        while fraction.count > keep, fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(sign)$\(whole)" : "\(sign)$\(whole).\(fraction)"
    }

    public var description: String { formatted() }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
