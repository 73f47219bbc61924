/// SplitMix64 (Steele, Lea and Flood, 2014): the project's seeded source of randomness (the similarity
/// index's k-means sampling, the benchmarks' vectors, and the tests' fuzzer, property tests and vectors).
///
/// A seeded run must give the same inputs for the same seed on every platform and every Swift release, so
/// that a failure seen in CI on Linux replays on a laptop. `SystemRandomNumberGenerator` cannot be seeded,
/// and the standard library does not promise which algorithm `Int.random(in:using:)` uses to reduce a
/// random word to a range; so both the generator and the reduction (``below(_:)``) are written out here.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator that starts from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A number in `0..<bound` (0 when `bound` is not positive); the small modulo bias does not matter here.
    public mutating func below(_ bound: Int) -> Int {
        guard bound > 0 else { return 0 }
        return Int(next() % UInt64(bound))
    }

    /// `true` with probability `numerator` / `denominator`.
    public mutating func chance(_ numerator: Int, in denominator: Int) -> Bool { below(denominator) < numerator }

    /// One element of `items`, which must not be empty.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
