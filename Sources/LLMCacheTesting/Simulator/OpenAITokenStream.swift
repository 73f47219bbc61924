import Foundation

/// The token identities of an OpenAI-style prompt, with the prefix hashes OpenAI's cache works in:
/// one at every 128 tokens from 1,024 on.
struct OpenAITokenStream: Sendable {
    /// Tokens so far.
    private(set) var count = 0
    /// `(tokens, prefix hash)` at each cacheable length, ascending.
    private(set) var boundaries: [(tokens: Int, hash: UInt64)] = []
    private var hasher = PrefixHasher()

    /// The first cacheable length.
    static let minimumCachedTokens = 1024
    /// The step between cacheable lengths.
    static let step = 128

    /// A stream whose prefixes are only comparable within `scope` (model and prompt cache key).
    init(scope: String) { hasher.combine(scope) }

    /// One token with identity `bytes`.
    mutating func addToken(_ bytes: some Sequence<UInt8>) {
        hasher.combine([0x1f])
        hasher.combine(bytes)
        count += 1
        if count >= Self.minimumCachedTokens, count % Self.step == 0 { boundaries.append((count, hasher.value)) }
    }

    /// A text: one token per 4-byte slice.
    mutating func addText(_ text: String) {
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            addToken(bytes[start..<min(start + 4, bytes.count)])
            start += 4
        }
    }

    /// `count` framing tokens named by `tag`.
    mutating func addFraming(_ tag: String, count: Int) {
        for index in 0..<max(0, count) { addToken(Array("\u{1}\(tag)\(index)".utf8)) }
    }
}
