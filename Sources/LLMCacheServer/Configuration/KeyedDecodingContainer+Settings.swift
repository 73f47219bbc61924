import CostControl
import Foundation
import LLMCore

/// Typed reads of configuration-file settings that JSON has no type for (choices, durations, dollars), with
/// errors that say what to write.
extension KeyedDecodingContainer {
    /// One of the raw values of `Choice`; `expected` lists them for the error ("forward or server").
    func choice<Choice: RawRepresentable>(_ key: Key, expected: String) throws -> Choice?
    where Choice.RawValue == String {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let value = Choice(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "must be \(expected), got '\(text)'")
        }
        return value
    }

    /// A duration written as text (`500ms`, `90s`, `15m`, `12h`, `7d`).
    func duration(_ key: Key) throws -> Duration? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        do {
            return try Duration(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: "must be a duration such as 500ms, 90s, 15m, 12h or 7d (got '\(text)')")
        }
    }

    /// An amount of US dollars, written as a decimal string or a number.
    func dollars(_ key: Key) throws -> MicroDollars? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        let text: String
        if let string = try? decode(String.self, forKey: key) {
            text = string
        } else if let whole = try? decode(Int64.self, forKey: key) {
            text = String(whole)
        } else if let number = try? decode(Double.self, forKey: key) {
            text = String(format: "%.6f", number)
        } else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "must be an amount of US dollars such as \"5\" or \"0.25\"")
        }
        guard let amount = MicroDollars(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: "must be an amount of US dollars such as \"5\" or \"0.25\" (got '\(text)')")
        }
        return amount
    }

    /// A whole number of at least 1; `unit` says what it counts, for the error ("tokens", "per minute").
    func positiveCount(_ key: Key, unit: String) throws -> Int? {
        guard let value = try decodeWholeNumberIfPresent(forKey: key) else { return nil }
        guard value >= 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "must be at least 1 (\(unit)), got \(value)")
        }
        return value
    }

    /// A map keyed by `key=value` cost tags (`{"feature=search": …}`); `isValid` checks each value, and
    /// `requirement` says what a value must be, for the error.
    func byCostTag<Value: Decodable>(
        _ key: Key, requirement: String = "", isValid: (Value) -> Bool = { _ in true }
    ) throws -> [String: Value] {
        let values = try decodeIfPresent([String: Value].self, forKey: key) ?? [:]
        for (tag, value) in values.sorted(by: { $0.key < $1.key }) where !tag.contains("=") || !isValid(value) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "'\(tag)': each key is a key=value cost tag\(requirement)")
        }
        return values
    }
}
