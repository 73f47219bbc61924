import LLMCore

/// A fast, deterministic bag-of-words embedder that needs no model files.
///
/// **Lower quality than ``MiniLMEmbedder``**: it sees only shared words and spellings, not meaning,
/// so paraphrases with different words score low and texts that share words but differ in meaning
/// score high. Use it where the model is absent by explicit choice, or in fast tests.
///
/// Features, each hashed with 64-bit FNV-1a into ``dimension`` buckets with a sign taken from the
/// hash (signed feature hashing, so that collisions cancel out on average):
/// - every word (a maximal run of letters and digits, lower-cased), weight 1;
/// - every character trigram of each word padded with a space at both ends, weight ½.
///
/// The vector is scaled to unit length. A text without any word (empty, only spaces or
/// punctuation) gets the vector of a single fixed feature, so every output has unit length and all
/// such texts are identical to each other. The same text gives the same vector in every process.
public struct LexicalEmbedder: Embedder {
    /// The default number of components.
    public static let defaultDimension = 512

    public let dimension: Int
    public var modelIdentifier: String { "lexical-fnv1a-words-trigrams-\(dimension)" }

    private static let wordWeight: Float = 1
    private static let trigramWeight: Float = 0.5
    private static let wordTag: UInt8 = 0x77  // "w"
    private static let trigramTag: UInt8 = 0x74  // "t"
    private static let emptyTag: UInt8 = 0x65  // "e"

    /// An embedder producing vectors of `dimension` components (at least 16; 384 or 512 are usual).
    public init(dimension: Int = LexicalEmbedder.defaultDimension) {
        self.dimension = max(16, dimension)
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        texts.map(vector(for:))
    }

    /// The vector of one text, computed synchronously.
    public func vector(for text: String) -> [Float] {
        var vector = [Float](repeating: 0, count: dimension)
        let words = Self.words(in: text)
        for word in words {
            var wordHash = FNV1a()
            wordHash.combine(Self.wordTag)
            for scalar in word {
                wordHash.combine(scalar)
            }
            add(wordHash.value, weight: Self.wordWeight, to: &vector)

            let padded: [Unicode.Scalar] = [" "] + word + [" "]
            for start in 0...(padded.count - 3) {
                var trigramHash = FNV1a()
                trigramHash.combine(Self.trigramTag)
                for scalar in padded[start..<start + 3] {
                    trigramHash.combine(scalar)
                }
                add(trigramHash.value, weight: Self.trigramWeight, to: &vector)
            }
        }
        if words.isEmpty {
            var emptyHash = FNV1a()
            emptyHash.combine(Self.emptyTag)
            add(emptyHash.value, weight: 1, to: &vector)
        }
        VectorMath.normalize(&vector)
        return vector
    }

    /// Adds `±weight` to the bucket the hash selects; the top bit of the hash gives the sign.
    private func add(_ hash: UInt64, weight: Float, to vector: inout [Float]) {
        let bucket = Int((hash & 0x7FFF_FFFF_FFFF_FFFF) % UInt64(dimension))
        vector[bucket] += hash >> 63 == 0 ? weight : -weight
    }

    /// Maximal runs of letters, marks and digits, lower-cased scalar by scalar.
    static func words(in text: String) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
            {
                current.append(contentsOf: properties.lowercaseMapping.unicodeScalars)
            } else if !current.isEmpty {
                words.append(current)
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty {
            words.append(current)
        }
        return words
    }
}
