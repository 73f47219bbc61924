/// A running hash over token identities (64-bit FNV-1a), for naming prompt prefixes.
struct PrefixHasher: Sendable, Hashable {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }

    mutating func combine(_ text: String) { combine(Array(text.utf8)) }
}
