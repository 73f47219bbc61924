/// Why a model could not be loaded from its directory.
///
/// Problems inside the weights file are reported as ``SafetensorsError``.
public enum ModelLoadingError: Error, Equatable, Sendable {
    /// A model file is absent; `fetchCommand` downloads it.
    case missingFile(path: String, fetchCommand: String)
    /// A model file exists but could not be read.
    case unreadableFile(path: String, reason: String)
    /// `config.json` is malformed or describes a model this code cannot run.
    case invalidConfiguration(path: String, reason: String)
    /// `vocab.txt` is malformed or lacks a special token.
    case invalidVocabulary(path: String, reason: String)
}

extension ModelLoadingError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .missingFile(let path, let fetchCommand):
            return "model file \(path) is missing; fetch the model with `\(fetchCommand)` (run from the LLMCache "
                + "package root; \(ModelDirectory.environmentVariable) chooses another directory)"
        case .unreadableFile(let path, let reason):
            return "cannot read model file \(path): \(reason)"
        case .invalidConfiguration(let path, let reason):
            return "model configuration \(path) is not usable: \(reason)"
        case .invalidVocabulary(let path, let reason):
            return "vocabulary \(path) is not usable: \(reason)"
        }
    }
}
