import ArgumentParser
import Embeddings
import Foundation
import LLMCore

/// `cachectl similarity TEXT_A TEXT_B`: the cosine of two texts as the semantic cache computes it,
/// so that a user can see why two prompts hit or missed at a given threshold.
struct SimilarityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similarity",
        abstract: "Print the cosine similarity of two texts, as the semantic cache computes it.",
        discussion: """
            The minilm embedder (the default) needs the model files; fetch them once with \
            `bash scripts/fetch-model.sh`. The lexical embedder needs nothing but is of lower quality: \
            it compares words and spellings, not meaning.
            """)

    @Argument(help: "The first text.")
    var textA: String

    @Argument(help: "The second text.")
    var textB: String

    @Option(help: "The embedder: minilm (all-MiniLM-L6-v2) or lexical (hashed words and trigrams).")
    var embedder: EmbedderKind = .minilm

    @Flag(help: "Print a JSON object instead of text.")
    var json = false

    @Option(
        name: .customLong("model-dir"),
        help: "The directory holding the model files (default: $LLMCACHE_MODEL_DIR, else the user cache).")
    var modelDirectory: String?

    /// What the command prints.
    struct Output: Encodable {
        var embedder: String
        var model: String
        var dimension: Int
        var cosine: Double
        var textA: String
        var textB: String

        enum CodingKeys: String, CodingKey {
            case embedder, model, dimension, cosine
            case textA = "text_a"
            case textB = "text_b"
        }
    }

    func run() async throws {
        let chosen = try embedder.make(modelDirectory: modelDirectory)
        let vectors = try await chosen.embed([textA, textB])
        guard vectors.count == 2 else {
            throw EmbeddingError.unexpectedOutputCount(expected: 2, actual: vectors.count)
        }
        let cosine = Double(VectorMath.cosineSimilarity(vectors[0], vectors[1]))
        // Six decimals are as many as float32 vectors carry meaningfully.
        let rounded = (cosine * 1_000_000).rounded() / 1_000_000
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let output = Output(
                embedder: embedder.rawValue, model: chosen.modelIdentifier, dimension: chosen.dimension,
                cosine: rounded, textA: textA, textB: textB)
            print(String(decoding: try encoder.encode(output), as: UTF8.self))
        } else {
            print(String(format: "%.6f", cosine) + "  (\(chosen.modelIdentifier), \(chosen.dimension)-d)")
        }
    }
}
