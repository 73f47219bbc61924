import Foundation

/// The canonical JSON form used for cache keys.
///
/// - Object keys are sorted by their UTF-8 bytes.
/// - No whitespace outside strings.
/// - One spelling per number: integers (and fractions that are whole numbers within ±2^53) are written as
///   integers without sign of zero or exponent; other numbers use Swift's shortest round-trip spelling.
///   NaN and infinities have no JSON spelling and are refused.
/// - Strings escape `"` and `\`, use the short escapes `\b \f \n \r \t`, write other control characters
///   as `\u00XX`, and leave every other character as UTF-8.
public enum CanonicalJSON {
    /// An error raised for a value that has no canonical JSON spelling.
    public struct InvalidNumberError: Error, CustomStringConvertible {
        /// The offending value.
        public let value: Double
        public var description: String { "\(value) has no JSON spelling; use a finite number" }
    }

    /// The canonical UTF-8 bytes of `value`.
    public static func encode(_ value: JSONValue) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        try write(value, into: &out)
        return out
    }

    /// The canonical form of `value` as a string.
    public static func string(_ value: JSONValue) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    private static func write(_ value: JSONValue, into out: inout [UInt8]) throws {
        switch value {
        case .null: out.append(contentsOf: Array("null".utf8))
        case .bool(let flag): out.append(contentsOf: Array((flag ? "true" : "false").utf8))
        case .int(let number): out.append(contentsOf: Array(String(number).utf8))
        case .double(let number): out.append(contentsOf: Array(try spell(number).utf8))
        case .string(let text): writeString(text, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                try write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                try write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func spell(_ number: Double) throws -> String {
        guard number.isFinite else { throw InvalidNumberError(value: number) }
        if number == 0 { return "0" }
        if number == number.rounded(), abs(number) <= 9_007_199_254_740_992 {
            return String(Int64(number))
        }
        return "\(number)"
    }

    private static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // Runs that need no escaping (almost all text) are copied whole.
            var runStart = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                writeEscaped(byte, into: &out)
                runStart = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func writeEscaped(_ byte: UInt8, into out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
        case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
        case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        default:
            out.append(contentsOf: Array("\\u00".utf8))
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
    }

    /// Lower-case hexadecimal digits, by value.
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

extension JSONValue {
    /// Parses JSON text into a value (any valid JSON, any key order or whitespace).
    ///
    /// - Throws: ``JSONSyntaxError`` naming what is wrong and where.
    public static func parse(_ data: Data) throws -> JSONValue {
        try JSONBytesParser.parse(Array(data))
    }

    /// Parses JSON text, given as bytes, into a value.
    public static func parse(bytes: [UInt8]) throws -> JSONValue {
        try JSONBytesParser.parse(bytes)
    }
}

extension CanonicalJSON {
    /// The former name of ``InvalidNumberError``.
    @available(*, deprecated, renamed: "InvalidNumberError")
    public typealias InvalidNumber = InvalidNumberError
}
