import Foundation

/// Finds the pricing file to use when none is given.
///
/// In order:
/// 1. the environment variable `LLMCACHE_PRICING` (a path to a pricing file);
/// 2. `data/pricing.json` in the executable's folder or any folder above it (a binary built under
///    `.build/debug/` finds the package's own file), then `share/llmcache/pricing.json` beside an
///    installed `bin/` folder;
/// 3. `data/pricing.json` in the current directory or any folder above it;
/// 4. the price table shipped with LLMCache (``ShippedData/pricing``), so that a package depending on
///    LLMCache finds one from any working directory.
public enum PricingFileLocator {
    /// The environment variable that names a pricing file.
    public static let environmentVariable = "LLMCACHE_PRICING"

    /// The file no pricing file could be found for.
    public struct NotFoundError: Error, Sendable, CustomStringConvertible {
        /// Every path that was tried.
        public let searched: [String]
        public var description: String {
            "no pricing file found; set \(PricingFileLocator.environmentVariable) to a pricing file, or pass its URL "
                + "to PricingTable.load(contentsOf:) (cachectl: --pricing FILE). Looked in:\n"
                + searched.map { "  \($0)" }.joined(separator: "\n")
        }
    }

    /// The pricing file to use.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL? = Bundle.main.executableURL,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) },
        shipped: URL? = ShippedData.pricing
    ) throws -> URL {
        if let path = environment[environmentVariable], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var candidates: [URL] = []
        if let executable {
            let folder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
            candidates += ancestors(of: folder).map { $0.appendingPathComponent("data/pricing.json") }
            candidates.append(folder.deletingLastPathComponent().appendingPathComponent("share/llmcache/pricing.json"))
        }
        candidates += ancestors(of: currentDirectory).map { $0.appendingPathComponent("data/pricing.json") }
        if let shipped { candidates.append(shipped) }
        if let found = candidates.first(where: { fileExists($0.path) }) { return found }
        throw NotFoundError(searched: candidates.map(\.path))
    }

    private static func ancestors(of folder: URL) -> [URL] {
        var out: [URL] = []
        var current = folder.standardizedFileURL
        while true {
            out.append(current)
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path || out.count > 64 { break }
            current = parent
        }
        return out
    }
}

extension PricingFileLocator {
    /// The former name of ``NotFoundError``.
    @available(*, deprecated, renamed: "NotFoundError")
    public typealias NotFound = NotFoundError
}
