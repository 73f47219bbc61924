import Foundation

/// A WordPiece vocabulary: one token per line of `vocab.txt`, the line number (from 0) being its id.
///
/// Tokens are compared by their UTF-8 bytes, as the reference tokenizer does, not by Swift's
/// canonical-equivalence string comparison.
struct WordPieceVocabulary: Sendable {
    /// The id of `[PAD]`.
    let paddingID: Int32
    /// The id of `[UNK]`, used for words the vocabulary cannot spell.
    let unknownID: Int32
    /// The id of `[CLS]`, the first token of every sequence.
    let classifierID: Int32
    /// The id of `[SEP]`, the last token of every sequence.
    let separatorID: Int32
    /// The most Unicode scalars in any token, not counting a leading `##`.
    let longestPieceScalarCount: Int

    private let idsByBytes: [[UInt8]: Int32]
    private let tokensByID: [String]

    /// The number of tokens.
    var count: Int { tokensByID.count }

    /// Reads `vocab.txt`.
    ///
    /// - Throws: ``ModelLoadingError`` when the file cannot be read, is not UTF-8, or lacks one of
    ///   the special tokens.
    init(contentsOf path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ModelLoadingError.unreadableFile(path: path, reason: "\(error)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelLoadingError.invalidVocabulary(path: path, reason: "it is not UTF-8 text")
        }
        try self.init(text: text, path: path)
    }

    /// Builds a vocabulary from the text of a `vocab.txt` file.
    init(text: String, path: String = "vocab.txt") throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true {
            lines.removeLast()
        }
        var idsByBytes: [[UInt8]: Int32] = [:]
        idsByBytes.reserveCapacity(lines.count)
        var tokensByID: [String] = []
        tokensByID.reserveCapacity(lines.count)
        var longest = 0
        for (index, line) in lines.enumerated() {
            // Trailing whitespace (such as a carriage return) is not part of a token.
            var token = Substring(line)
            while let last = token.unicodeScalars.last, BertNormalizer.isWhitespace(last) {
                token = Substring(token.unicodeScalars.dropLast())
            }
            let spelling = String(token)
            // A repeated token keeps its last line number, as in the reference.
            idsByBytes[Array(spelling.utf8)] = Int32(index)
            tokensByID.append(spelling)
            let scalars = spelling.unicodeScalars.count - (spelling.hasPrefix("##") ? 2 : 0)
            longest = max(longest, scalars)
        }
        guard tokensByID.count < Int(Int32.max) else {
            throw ModelLoadingError.invalidVocabulary(path: path, reason: "it has too many lines")
        }

        func special(_ token: String) throws -> Int32 {
            guard let id = idsByBytes[Array(token.utf8)] else {
                throw ModelLoadingError.invalidVocabulary(path: path, reason: "it has no \(token) token")
            }
            return id
        }
        self.paddingID = try special("[PAD]")
        self.unknownID = try special("[UNK]")
        self.classifierID = try special("[CLS]")
        self.separatorID = try special("[SEP]")
        self.longestPieceScalarCount = longest
        self.idsByBytes = idsByBytes
        self.tokensByID = tokensByID
    }

    /// The id of the token spelled by these UTF-8 bytes.
    func id(forUTF8 bytes: [UInt8]) -> Int32? {
        idsByBytes[bytes]
    }

    /// The token with this id.
    func token(for id: Int32) -> String? {
        guard id >= 0, Int(id) < tokensByID.count else { return nil }
        return tokensByID[Int(id)]
    }
}
