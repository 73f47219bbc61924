import Foundation

/// The directory that holds the all-MiniLM-L6-v2 files (`model.safetensors`, `vocab.txt`,
/// `config.json`), and the command that fills it.
///
/// Resolution order, the same as `scripts/fetch-model.sh`:
/// 1. an explicit path (a configuration option or a command-line flag);
/// 2. the environment variable `LLMCACHE_MODEL_DIR`;
/// 3. `${XDG_CACHE_HOME:-$HOME/.cache}/llmcache/models/all-MiniLM-L6-v2`.
///
/// The model is never part of the repository; `bash scripts/fetch-model.sh` (also run by
/// `scripts/setup.sh`) downloads it.
public struct ModelDirectory: Equatable, Sendable {
    /// How the directory was chosen.
    public enum Source: Equatable, Sendable {
        /// Given by the caller.
        case explicit
        /// Read from `LLMCACHE_MODEL_DIR`.
        case environment
        /// The default under the user's cache directory.
        case userCache
    }

    /// The environment variable that overrides the default directory.
    public static let environmentVariable = "LLMCACHE_MODEL_DIR"
    /// The script, relative to the package root, that downloads the model.
    public static let fetchScript = "scripts/fetch-model.sh"
    /// The weights file name.
    public static let weightsFile = "model.safetensors"
    /// The WordPiece vocabulary file name.
    public static let vocabularyFile = "vocab.txt"
    /// The model configuration file name.
    public static let configurationFile = "config.json"
    /// Every file the model needs, in the order they are checked.
    public static let requiredFiles = [weightsFile, vocabularyFile, configurationFile]

    /// The directory's path.
    public let path: String
    /// How the directory was chosen.
    public let source: Source

    /// A directory given by the caller.
    public init(path: String) {
        self.init(path: path, source: .explicit)
    }

    private init(path: String, source: Source) {
        self.path = path
        self.source = source
    }

    /// Resolves the directory: `explicitPath` when given, else `LLMCACHE_MODEL_DIR`, else the
    /// default under the user's cache directory. Empty values count as absent.
    public static func resolve(
        explicitPath: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ModelDirectory {
        if let explicitPath, !explicitPath.isEmpty {
            return ModelDirectory(path: explicitPath, source: .explicit)
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return ModelDirectory(path: fromEnvironment, source: .environment)
        }
        let cacheHome: String
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            cacheHome = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            cacheHome = (home as NSString).appendingPathComponent(".cache")
        }
        let path = (cacheHome as NSString).appendingPathComponent("llmcache/models/all-MiniLM-L6-v2")
        return ModelDirectory(path: path, source: .userCache)
    }

    /// The path of a file in the directory.
    public func filePath(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    /// The shell command, run from the package root, that downloads the model into this directory.
    public var fetchCommand: String {
        switch source {
        case .userCache, .environment:
            // The script resolves the same directory from the same environment.
            return "bash \(Self.fetchScript)"
        case .explicit:
            return "\(Self.environmentVariable)=\(Self.shellQuoted(path)) bash \(Self.fetchScript)"
        }
    }

    /// The required files that are absent or empty.
    public func missingFiles() -> [String] {
        Self.requiredFiles.filter { name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: filePath(name))
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
            return size == 0
        }
    }

    /// Whether every required file is present.
    public var isComplete: Bool {
        missingFiles().isEmpty
    }

    /// Throws when a required file is absent, naming it and the command that fetches it.
    ///
    /// - Throws: ``ModelLoadingError/missingFile(path:fetchCommand:)``.
    public func requireFiles() throws {
        if let missing = missingFiles().first {
            throw ModelLoadingError.missingFile(path: filePath(missing), fetchCommand: fetchCommand)
        }
    }

    private static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
