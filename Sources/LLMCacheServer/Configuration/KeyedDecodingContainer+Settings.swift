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
}
