import Foundation
import LLMCacheTesting

/// How long a fuzz run is and where it starts: fixed in CI, overridable from the environment.
///
/// - `LLMCACHE_FUZZ_ITERATIONS`: generated inputs per target (the corpus always runs in full).
/// - `LLMCACHE_FUZZ_SEED`: the run's seed, decimal or `0x` hexadecimal.
enum FuzzSettings {
    /// The seed of a CI run.
    static let defaultSeed: UInt64 = 0x4C4C_4D43_4143_4845

    static var seed: UInt64 {
        guard let text = ProcessInfo.processInfo.environment["LLMCACHE_FUZZ_SEED"] else { return defaultSeed }
        if text.lowercased().hasPrefix("0x") { return UInt64(text.dropFirst(2), radix: 16) ?? defaultSeed }
        return UInt64(text) ?? defaultSeed
    }

    /// The iteration count for a target whose CI count is `ciDefault`.
    static func iterations(_ ciDefault: Int) -> Int {
        guard let text = ProcessInfo.processInfo.environment["LLMCACHE_FUZZ_ITERATIONS"], let count = Int(text),
            count >= 0
        else { return ciDefault }
        return count
    }

    /// The seed of one iteration of one target: FNV-1a of the target's name mixed with the run's seed and
    /// the iteration, so that each iteration can be replayed on its own and targets do not share inputs.
    static func iterationSeed(target: String, seed: UInt64, iteration: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in target.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        var mixer = SplitMix64(seed: (hash ^ seed) &+ UInt64(truncatingIfNeeded: iteration) &* 0x9E37_79B9_7F4A_7C15)
        return mixer.next()
    }
}
