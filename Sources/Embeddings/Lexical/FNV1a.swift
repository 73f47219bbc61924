/// The 64-bit FNV-1a hash: a fixed function of the bytes, the same in every process and on every
/// platform (unlike Swift's `Hasher`, which is seeded per process).
struct FNV1a {
    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    private(set) var value: UInt64 = FNV1a.offsetBasis

    /// Mixes in one byte.
    mutating func combine(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* Self.prime
    }

    /// Mixes in a sequence of bytes.
    mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            combine(byte)
        }
    }

    /// Mixes in the UTF-8 encoding of a Unicode scalar.
    mutating func combine(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        switch value {
        case 0..<0x80:
            combine(UInt8(value))
        case 0x80..<0x800:
            combine(UInt8(0xC0 | (value >> 6)))
            combine(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            combine(UInt8(0xE0 | (value >> 12)))
            combine(UInt8(0x80 | ((value >> 6) & 0x3F)))
            combine(UInt8(0x80 | (value & 0x3F)))
        default:
            combine(UInt8(0xF0 | (value >> 18)))
            combine(UInt8(0x80 | ((value >> 12) & 0x3F)))
            combine(UInt8(0x80 | ((value >> 6) & 0x3F)))
            combine(UInt8(0x80 | (value & 0x3F)))
        }
    }

    /// The hash of a sequence of bytes.
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hasher = FNV1a()
        hasher.combine(bytes)
        return hasher.value
    }
}
