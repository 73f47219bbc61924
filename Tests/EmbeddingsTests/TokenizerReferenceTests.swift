import Testing

@testable import Embeddings

@Suite("WordPiece tokenizer against the reference")
struct TokenizerReferenceTests {
    @Test(
        "token ids equal the reference for every item",
        .enabled(
            if: TestSupport.runReferenceTests,
            "model files or ../shared/reference/minilm_reference.json absent; run bash scripts/fetch-model.sh")
    )
    func referenceTokenIDs() throws {
        let reference = try TestSupport.loadedReference()
        let embedder = try TestSupport.loadedEmbedder()
        #expect(reference.items.count == 25)
        for item in reference.items {
            let ids = embedder.tokenIDs(for: item.text)
            #expect(ids == item.inputIDs, "\(item.kind): \(item.text.debugDescription)")
            if ids != item.inputIDs {
                let tokens = embedder.tokenizer.tokens(item.text, maximumLength: reference.maximumSequenceLength)
                #expect(tokens == item.tokens.filter { $0 != "[CLS]" && $0 != "[SEP]" }, "\(item.kind)")
            }
        }
    }

    @Test(
        "a 10,000-character input is truncated to 256 ids",
        .enabled(if: TestSupport.runModelTests, "model files absent; run bash scripts/fetch-model.sh"))
    func truncation() throws {
        let embedder = try TestSupport.loadedEmbedder()
        let words = String(repeating: "cache hit ", count: 1_000)
        #expect(words.count == 10_000)
        let ids = embedder.tokenIDs(for: words)
        #expect(ids.count == 256)
        #expect(ids.first == 101)
        #expect(ids.last == 102)

        let oneWord = String(repeating: "x", count: 10_000)
        #expect(embedder.tokenIDs(for: oneWord) == [101, 100, 102], "a word over 100 characters is [UNK]")
    }
}

@Suite("WordPiece tokenizer on a small vocabulary")
struct TokenizerUnitTests {
    let tokenizer: WordPieceTokenizer

    init() throws {
        let vocabulary = [
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "cafe", "!", ",", "中", "hello", "##s",
        ]
        tokenizer = try WordPieceTokenizer(vocabularyText: vocabulary.joined(separator: "\n") + "\n")
    }

    @Test("greedy longest match with ## continuations")
    func continuations() {
        #expect(tokenizer.tokens("unaffable") == ["un", "##aff", "##able"])
        #expect(tokenizer.tokens("hellos") == ["hello", "##s"])
        #expect(tokenizer.tokens("unknownword") == ["[UNK]"])
    }

    @Test("accents stripped, case folded, punctuation split, CJK split, controls dropped")
    func normalisation() {
        #expect(tokenizer.tokens("CAFÉ!") == ["cafe", "!"])
        #expect(tokenizer.tokens("Cafe\u{301},hello") == ["cafe", ",", "hello"])
        #expect(tokenizer.tokens("中中") == ["中", "中"])
        #expect(tokenizer.tokens("hel\u{200B}lo\u{0}") == ["hello"])
        #expect(tokenizer.tokens("  \t\n ") == [])
    }

    @Test("special tokens frame every sequence and the limit counts them")
    func framing() {
        #expect(tokenizer.encode("", maximumLength: 256) == [2, 3])
        #expect(tokenizer.encode("hello hello hello", maximumLength: 4) == [2, 11, 11, 3])
        #expect(tokenizer.encode("hello", maximumLength: 0) == [2, 3])
    }

    @Test("a vocabulary without [UNK] is refused")
    func missingSpecialToken() {
        #expect(throws: ModelLoadingError.self) {
            try WordPieceTokenizer(vocabularyText: "[PAD]\n[CLS]\n[SEP]\n")
        }
    }
}
