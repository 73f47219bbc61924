/// The BERT uncased WordPiece tokenizer of all-MiniLM-L6-v2, reading `vocab.txt`.
///
/// Text goes through `BertNormalizer` (clean, split CJK ideographs, strip accents, lower-case),
/// `BertPreTokenizer` (split on whitespace and punctuation), then greedy longest-match WordPiece
/// with `##` continuations; a word longer than 100 scalars, or one the vocabulary cannot spell,
/// becomes `[UNK]`. Sequences are `[CLS] pieces… [SEP]`, truncated to a maximum length that
/// counts both special tokens.
public struct WordPieceTokenizer: Sendable {
    /// Words with more Unicode scalars than this become `[UNK]` without being split.
    public static let maximumWordScalarCount = 100

    private let vocabulary: WordPieceVocabulary
    private let normalizer = BertNormalizer()
    private let preTokenizer = BertPreTokenizer()
    private static let continuationPrefix: [UInt8] = Array("##".utf8)

    /// Loads the vocabulary from a `vocab.txt` file.
    ///
    /// - Throws: ``ModelLoadingError`` when the file cannot be read or lacks a special token.
    public init(vocabularyPath: String) throws {
        self.vocabulary = try WordPieceVocabulary(contentsOf: vocabularyPath)
    }

    /// Builds a tokenizer from the text of a `vocab.txt` file (one token per line).
    public init(vocabularyText: String) throws {
        self.vocabulary = try WordPieceVocabulary(text: vocabularyText)
    }

    /// The number of tokens in the vocabulary.
    public var vocabularySize: Int { vocabulary.count }

    /// The id of the padding token `[PAD]`.
    public var paddingID: Int32 { vocabulary.paddingID }

    /// The token ids of a text: `[CLS]`, its word pieces, `[SEP]`.
    ///
    /// - Parameters:
    ///   - text: Any text, including the empty string.
    ///   - maximumLength: The most ids to return, counting `[CLS]` and `[SEP]`; word pieces past
    ///     the limit are dropped. Values below 2 are treated as 2.
    public func encode(_ text: String, maximumLength: Int) -> [Int32] {
        let pieceLimit = max(maximumLength, 2) - 2
        var ids: [Int32] = [vocabulary.classifierID]
        ids.reserveCapacity(min(pieceLimit, text.utf8.count) + 2)
        if pieceLimit > 0 {
            let scalars = normalizer.normalize(text)
            preTokenizer.forEachWord(in: scalars) { word in
                appendPieces(of: word, to: &ids, limit: pieceLimit + 1)
                return ids.count < pieceLimit + 1
            }
        }
        ids.append(vocabulary.separatorID)
        return ids
    }

    /// The token spellings of a text, without `[CLS]` and `[SEP]`; for display and debugging.
    public func tokens(_ text: String, maximumLength: Int = .max) -> [String] {
        encode(text, maximumLength: maximumLength).dropFirst().dropLast().map { token(for: $0) ?? "?" }
    }

    /// The token with this id, or `nil` when the id is out of range.
    public func token(for id: Int32) -> String? {
        vocabulary.token(for: id)
    }

    /// Appends the word pieces of one word, stopping once `ids` holds `limit` ids.
    private func appendPieces(of word: ArraySlice<Unicode.Scalar>, to ids: inout [Int32], limit: Int) {
        guard word.count <= Self.maximumWordScalarCount else {
            ids.append(vocabulary.unknownID)
            return
        }
        // UTF-8 bytes of the word and the byte offset where each scalar starts.
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        offsets.reserveCapacity(word.count + 1)
        for scalar in word {
            offsets.append(bytes.count)
            bytes.append(contentsOf: UTF8.encode(scalar).map { Array($0) } ?? [])
        }
        offsets.append(bytes.count)

        var pieces: [Int32] = []
        var start = 0
        let scalarCount = word.count
        var candidate: [UInt8] = []
        candidate.reserveCapacity(bytes.count + 2)
        while start < scalarCount {
            var end = min(scalarCount, start + vocabulary.longestPieceScalarCount)
            var found: Int32?
            while end > start {
                candidate.removeAll(keepingCapacity: true)
                if start > 0 {
                    candidate.append(contentsOf: Self.continuationPrefix)
                }
                candidate.append(contentsOf: bytes[offsets[start]..<offsets[end]])
                if let id = vocabulary.id(forUTF8: candidate) {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                ids.append(vocabulary.unknownID)
                return
            }
            pieces.append(id)
            start = end
        }
        for piece in pieces where ids.count < limit {
            ids.append(piece)
        }
    }
}
