import Foundation

/// Where LLMCache keeps its files when told nothing.
public enum DefaultLocations {
    /// The environment variable that names the cache database.
    public static let databaseVariable = "LLMCACHE_DB"

    /// The cache database: `$LLMCACHE_DB`, else `$XDG_DATA_HOME/llmcache/cache.sqlite`, else
    /// `~/.local/share/llmcache/cache.sqlite`.
    public static func database(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment[databaseVariable], !path.isEmpty { return path }
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return dataHome + "/llmcache/cache.sqlite"
    }
}
