import ArgumentParser
import Embeddings
import LLMCore

/// Which embedder a command uses.
enum EmbedderKind: String, CaseIterable, ExpressibleByArgument {
    /// all-MiniLM-L6-v2, in process (needs the model files: `bash scripts/fetch-model.sh`).
    case minilm
    /// Hashed words and character trigrams: no model, lower quality.
    case lexical

    /// The embedder, loading the model from `modelDirectory` (or the default location) for MiniLM.
    func make(modelDirectory: String? = nil) throws -> any Embedder {
        switch self {
        case .minilm: try MiniLMEmbedder(modelDirectory: modelDirectory)
        case .lexical: LexicalEmbedder()
        }
    }
}
