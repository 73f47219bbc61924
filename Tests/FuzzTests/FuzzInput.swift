import Foundation

/// Escaping of fuzz inputs for failure messages and `.txt` corpus files: printable ASCII as is, a
/// backslash doubled, every other byte as `\xHH`.
enum FuzzInput {
    static func escape(_ bytes: some Collection<UInt8>, limit: Int = 2048) -> String {
        var out = ""
        for byte in bytes.prefix(limit) {
            switch byte {
            case UInt8(ascii: "\\"): out += "\\\\"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
            default: out += "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
            }
        }
        if bytes.count > limit { out += "… (\(bytes.count) bytes in all)" }
        return out
    }

    /// The bytes of an escaped text: `\xHH` is one byte, `\\` a backslash, any other byte itself.
    static func unescape(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                if bytes[index + 1] == UInt8(ascii: "\\") {
                    out.append(UInt8(ascii: "\\"))
                    index += 2
                    continue
                }
                if bytes[index + 1] == UInt8(ascii: "x"), index + 3 < bytes.count,
                    let value = UInt8(String(decoding: bytes[(index + 2)...(index + 3)], as: UTF8.self), radix: 16)
                {
                    out.append(value)
                    index += 4
                    continue
                }
            }
            out.append(bytes[index])
            index += 1
        }
        return out
    }
}
