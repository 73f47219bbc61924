import Foundation
import LLMCore

/// JSON Lines, the format of batch input and result files: one JSON value per line.
public enum JSONLines {
    /// `values`, one compact JSON text per line, each line ended by a newline.
    public static func encode(_ values: [JSONValue]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for value in values {
            bytes += try CanonicalJSON.encode(value)
            bytes.append(0x0A)
        }
        return bytes
    }

    /// The values of `data`, one per non-blank line.
    /// - Throws: `InvalidProviderBodyError` naming the first line that is not JSON.
    public static func decode(_ data: Data, expected: String) throws -> [JSONValue] {
        var values: [JSONValue] = []
        for (number, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let bytes = Array(line)
            guard bytes.contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) else { continue }
            do {
                values.append(try JSONValue.parse(bytes: bytes))
            } catch {
                throw InvalidProviderBodyError(expected: expected, problem: "line \(number + 1) is not JSON: \(error)")
            }
        }
        return values
    }
}
