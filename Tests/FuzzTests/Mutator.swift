import LLMCacheTesting

/// Byte-level mutations of corpus entries, biased toward what breaks parsers: numbers at and past the
/// 64-bit and double limits, deep nesting, long runs, control characters and invalid UTF-8.
enum Mutator {
    /// Numbers that sit on a limit: 2⁶³ − 1 and its neighbours, the largest exact double, values that
    /// overflow a double or a ×1000 conversion, negative zero, and spellings JSON does not allow.
    static let hostileNumbers: [String] = [
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "9223372036854774", "9223372036854775", "18446744073709551615", "18446744073709551616", "2147483648",
        "4294967296", "9007199254740993", "9.0e15", "8999999999999999", "1e309", "-1e309", "1e308",
        "1.7976931348623157e308", "4.9e-324", "1e-400", "-0", "-0.0", "0e0", "0", "-1", "1", "1.5", "1E400",
        "123456789012345678901234567890", "NaN", "Infinity", "-Infinity", "0x10", "+1", ".5", "1.", "01",
        "1e", "--1",
    ]

    static let tokens: [String] = [
        "\"", "\\", "\\u", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u0000", "{", "}", "[", "]", ",", ":", "null",
        "true", "false", "\"\"", "{}", "[]", "\r\n", "\n\n", "\r", "data: ", "event: ", "id: ", ": ", "ms", "s",
        "m", "h", "d", "w", "max-age=", "no-cache", "no-store", ", ", "Bearer ", "$", ".", "e", "E", "-",
    ]

    /// Byte sequences that are not UTF-8: a lone continuation byte, an overlong NUL, a surrogate, a
    /// code point past U+10FFFF, a truncated sequence, and bytes that never occur.
    static let invalidUTF8: [[UInt8]] = [
        [0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFF], [0xFE],
        [0xF5, 0x80, 0x80, 0x80], [0xEF, 0xBB, 0xBF],
    ]

    /// `input` after one to four random mutations; `corpus` supplies splice partners.
    static func mutate(_ input: [UInt8], corpus: [CorpusEntry], random: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0...random.below(4) { mutateOnce(&bytes, corpus: corpus, random: &random) }
        return bytes
    }

    /// A corpus entry (or nothing, for an empty corpus) mutated.
    static func mutatedEntry(_ corpus: [CorpusEntry], random: inout SplitMix64) -> [UInt8] {
        let base = corpus.isEmpty ? [] : random.pick(corpus).bytes
        return mutate(base, corpus: corpus, random: &random)
    }

    private static func mutateOnce(_ bytes: inout [UInt8], corpus: [CorpusEntry], random: inout SplitMix64) {
        let position = random.below(bytes.count + 1)
        switch random.below(12) {
        case 0 where !bytes.isEmpty:
            let index = random.below(bytes.count)
            bytes[index] ^= UInt8(1) << UInt8(random.below(8))
        case 1 where !bytes.isEmpty:
            bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
        case 2:
            bytes.insert(contentsOf: (0..<(1 + random.below(8))).map { _ in interestingByte(&random) }, at: position)
        case 3 where !bytes.isEmpty:
            let end = min(bytes.count, position + 1 + random.below(16))
            if position < end { bytes.removeSubrange(position..<end) }
        case 4 where !corpus.isEmpty:
            let other = random.pick(corpus).bytes
            let cut = random.below(other.count + 1)
            bytes = Array(bytes[..<position]) + Array(other[cut...])
        case 5:
            replaceNumber(&bytes, random: &random)
        case 6:
            bytes.insert(contentsOf: Array(random.pick(tokens).utf8), at: position)
        case 7:
            bytes.insert(contentsOf: random.pick(invalidUTF8), at: position)
        case 8:
            let depth = random.chance(1, in: 2) ? 520 : 1 + random.below(40)
            let open = random.chance(1, in: 2) ? UInt8(ascii: "[") : UInt8(ascii: "{")
            bytes.insert(contentsOf: [UInt8](repeating: open, count: depth), at: position)
        case 9 where !bytes.isEmpty:
            let start = random.below(bytes.count)
            let end = min(bytes.count, start + 1 + random.below(32))
            let chunk = bytes[start..<end]
            let times = random.chance(1, in: 8) ? 2000 : 1 + random.below(8)
            bytes.insert(contentsOf: Array(repeatElement(chunk, count: times).joined()), at: position)
        case 10 where !bytes.isEmpty:
            bytes.removeSubrange(random.below(bytes.count)...)
        default:
            bytes.insert(contentsOf: Array(random.pick(hostileNumbers).utf8), at: position)
        }
    }

    private static func interestingByte(_ random: inout SplitMix64) -> UInt8 {
        let interesting: [UInt8] = [
            0x00, 0x01, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B, 0x1F, 0x20, 0x22, 0x2C, 0x2D, 0x2E, 0x30, 0x31,
            0x39, 0x3A, 0x3D, 0x5B, 0x5C, 0x5D, 0x65, 0x7B, 0x7D, 0x7F, 0x80, 0xBF, 0xC0, 0xFF,
        ]
        return random.chance(3, in: 4) ? random.pick(interesting) : UInt8(truncatingIfNeeded: random.next())
    }

    /// Replaces a random run of digits (or appends, when there is none) with a hostile number.
    private static func replaceNumber(_ bytes: inout [UInt8], random: inout SplitMix64) {
        let replacement = Array(random.pick(hostileNumbers).utf8)
        let digitStarts = bytes.indices.filter {
            isDigit(bytes[$0]) && ($0 == 0 || !isDigit(bytes[$0 - 1]))
        }
        guard !digitStarts.isEmpty else {
            bytes += replacement
            return
        }
        var start = random.pick(digitStarts)
        if start > 0, bytes[start - 1] == UInt8(ascii: "-") { start -= 1 }
        var end = start + 1
        while end < bytes.count, isDigit(bytes[end]) || [0x2E, 0x65, 0x45, 0x2B, 0x2D].contains(bytes[end]) {
            end += 1
        }
        bytes.replaceSubrange(start..<end, with: replacement)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
}
