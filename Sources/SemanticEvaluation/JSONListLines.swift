/// The 1-based line on which each top-level item of a JSON list starts, found by one pass over the bytes
/// that follows strings (with escapes) and nesting. Used to name list items by line in error messages.
enum JSONListLines {
    /// The start line of every top-level item of the list in `bytes`; empty when `bytes` is not a list.
    static func itemLines(in bytes: some Collection<UInt8>) -> [Int] {
        var lines: [Int] = []
        var line = 1
        var depth = 0
        var inString = false
        var escaped = false
        var expectingItem = false
        for byte in bytes {
            if byte == UInt8(ascii: "\n") { line += 1 }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            if depth == 1 && expectingItem && !isWhitespace(byte) && byte != UInt8(ascii: "]") {
                lines.append(line)
                expectingItem = false
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth == 1 { expectingItem = true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 1 { expectingItem = true }
            default:
                break
            }
        }
        return lines
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
