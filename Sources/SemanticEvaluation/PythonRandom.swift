/// A Mersenne Twister (MT19937) generator that reproduces Python's `random.Random` for integer seeds:
/// the same seeding (`init_by_array` over the seed's 32-bit words), the same `getrandbits`, and the same
/// `shuffle` (Fisher–Yates from the end, each index drawn by rejection sampling on `getrandbits`).
///
/// `PythonRandom(seed: 7)` followed by ``shuffle(_:)`` puts a list in the order that
/// `random.Random(7).shuffle(list)` gives in CPython 3.
///
/// Not for cryptography; it exists so that benchmark orders can be reproduced in Python.
public struct PythonRandom: Sendable {
    private static let stateSize = 624
    private static let shiftSize = 397
    private static let matrixA: UInt32 = 0x9908_B0DF
    private static let upperMask: UInt32 = 0x8000_0000
    private static let lowerMask: UInt32 = 0x7FFF_FFFF

    private var state: [UInt32]
    private var position: Int

    /// A generator seeded as `random.Random(seed)` is: with the 32-bit words of `|seed|`, least
    /// significant first (a zero seed is the single word 0).
    public init(seed: Int) {
        var magnitude = UInt64(seed.magnitude)
        var key: [UInt32] = []
        repeat {
            key.append(UInt32(truncatingIfNeeded: magnitude))
            magnitude >>= 32
        } while magnitude != 0
        self.init(key: key)
    }

    /// A generator seeded with MT19937's `init_by_array(key)`.
    public init(key: [UInt32]) {
        let n = Self.stateSize
        var mt = [UInt32](repeating: 0, count: n)
        mt[0] = 19_650_218
        for i in 1..<n {
            mt[i] = 1_812_433_253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i)
        }
        let words = key.isEmpty ? [0] : key
        var i = 1
        var j = 0
        for _ in 0..<max(n, words.count) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1_664_525)) &+ words[j] &+ UInt32(j)
            i += 1
            j += 1
            if i >= n {
                mt[0] = mt[n - 1]
                i = 1
            }
            if j >= words.count { j = 0 }
        }
        for _ in 0..<(n - 1) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= n {
                mt[0] = mt[n - 1]
                i = 1
            }
        }
        mt[0] = 0x8000_0000
        state = mt
        position = n
    }

    /// The next 32 random bits (`genrand_uint32`).
    public mutating func nextUInt32() -> UInt32 {
        if position >= Self.stateSize { twist() }
        var y = state[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// Python's `getrandbits(bits)` for 0 ≤ `bits` ≤ 64: whole 32-bit words fill the low bits first, and
    /// the last word keeps only its top bits.
    public mutating func randomBits(_ bits: Int) -> UInt64 {
        precondition((0...64).contains(bits), "randomBits supports 0 to 64 bits")
        if bits == 0 { return 0 }
        if bits <= 32 { return UInt64(nextUInt32() >> UInt32(32 - bits)) }
        let low = UInt64(nextUInt32())
        let high = UInt64(nextUInt32() >> UInt32(64 - bits))
        return low | (high << 32)
    }

    /// Python's `_randbelow(bound)`: a uniform integer in `0..<bound`, by drawing `bound.bit_length()` bits
    /// until the value is below `bound`. `bound` must be positive.
    public mutating func randomBelow(_ bound: Int) -> Int {
        precondition(bound > 0, "randomBelow needs a positive bound")
        let limit = UInt64(bound)
        let bits = 64 - limit.leadingZeroBitCount
        var value = randomBits(bits)
        while value >= limit { value = randomBits(bits) }
        return Int(value)
    }

    /// Shuffles `elements` in place exactly as Python's `Random.shuffle` does.
    public mutating func shuffle<Element>(_ elements: inout [Element]) {
        guard elements.count > 1 else { return }
        for i in stride(from: elements.count - 1, through: 1, by: -1) {
            let j = randomBelow(i + 1)
            elements.swapAt(i, j)
        }
    }

    private mutating func twist() {
        let n = Self.stateSize
        let m = Self.shiftSize
        for k in 0..<n {
            let y = (state[k] & Self.upperMask) | (state[(k + 1) % n] & Self.lowerMask)
            state[k] = state[(k + m) % n] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : Self.matrixA)
        }
        position = 0
    }
}
