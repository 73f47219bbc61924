import ArgumentParser
import Foundation
import LLMCache
import LLMCacheServer
import LLMCore
import Logging

/// `cachectl serve`: runs the caching proxy until interrupted.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the caching proxy: Anthropic Messages and OpenAI Chat Completions through the caches.",
        discussion: """
            Serves POST /v1/messages (Anthropic format), POST /v1/chat/completions (OpenAI format), GET /healthz, \
            GET /metrics (Prometheus text) and, with an admin token (LLMCACHE_ADMIN_TOKEN), GET /admin/stats and \
            POST /admin/purge. Point an Anthropic SDK at http://HOST:PORT and an OpenAI SDK at \
            http://HOST:PORT/v1. Each API key gets its own cache namespace unless --shared-namespace is given. \
            Settings come from --config FILE (JSON; see the README), then the flags. Stops on SIGINT or SIGTERM \
            after the requests in flight are answered.
            """)

    @Option(name: .long, help: "A JSON configuration file; flags override its values.")
    var config: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where the proxy's tasks run: event-loops (default; on the threads that read and write the "
                + "connections, so a hit is not handed from thread to thread) or swift-pool (Swift's own pool).",
            valueName: "event-loops|swift-pool"))
    var executor: ServeExecutor = .eventLoops

    @Option(name: .long, help: "The port to listen on (default 8080); 0 picks a free one.")
    var port: Int?

    @Option(name: .long, help: "The address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The cache database: a file (SQLite) or a postgres:// URL (one cache shared by several proxies).",
            valueName: "path-or-url"))
    var database: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "When the cache database cannot be read: pass_through (call the provider uncached, default) or fail "
                + "(answer 503).", valueName: "policy"))
    var whenStoreUnavailable: StoreFailurePolicy?

    @Option(name: .long, help: "Anthropic's API root (default https://api.anthropic.com).")
    var anthropicBaseUrl: String?

    @Option(name: .long, help: "The OpenAI-compatible API root with its version (default https://api.openai.com/v1).")
    var openaiBaseUrl: String?

    @Option(name: .long, help: "Whose key goes upstream: forward (the caller's, default) or server.")
    var upstreamKey: ProxyConfiguration.KeySource?

    @Option(name: .long, help: "Share one cache namespace between all API keys (off by default).")
    var sharedNamespace: String?

    @Option(name: .long, help: "The semantic layer: off (default), minilm or lexical.")
    var semantic: ProxyConfiguration.SemanticMode?

    @Option(
        name: .customLong("max-wrong-hit-rate"),
        help: "The semantic layer's maximum wrong-hit rate (default 0.02: at most 2 % of lookups answered wrongly).")
    var maxWrongHitRate: Double?

    @Option(name: .long, help: "A semantic calibration from `cachectl calibrate` (default: the shipped one).")
    var calibration: String?

    @Option(
        name: .long,
        help:
            "Which calls are cached: all (default; sampling parameters are in the key) or deterministic (temperature 0 only)."
    )
    var cacheMode: CacheMode?

    @Option(name: .long, help: "The largest request body in bytes (default 32 MiB, as Anthropic accepts).")
    var maxBodyBytes: Int?

    @Option(name: .long, help: "Write the port to this file once listening (useful with --port 0).")
    var portFile: String?

    /// The cache mode, said once at start.
    static func modeLine(_ mode: CacheMode) -> String {
        switch mode {
        case .all: "cache mode all (sampled calls are cached too; --cache-mode deterministic for temperature 0 only)"
        case .deterministic:
            "cache mode deterministic (only temperature-0 calls are cached; --cache-mode all for every call)"
        }
    }

    /// Sets the settings the flags give over those of the configuration file.
    func override(_ settings: inout ProxyConfigurationFile) {
        if let port { settings.port = port }
        if let host { settings.host = host }
        if let database { settings.database = database }
        if let whenStoreUnavailable { settings.whenStoreUnavailable = whenStoreUnavailable }
        if let anthropicBaseUrl { settings.anthropicBaseURL = anthropicBaseUrl }
        if let openaiBaseUrl { settings.openAIBaseURL = openaiBaseUrl }
        if let upstreamKey { settings.upstreamKey = upstreamKey }
        if let sharedNamespace { settings.sharedNamespace = sharedNamespace }
        if let semantic { settings.semantic = semantic }
        if let maxWrongHitRate { settings.semanticMaxWrongHitRate = maxWrongHitRate }
        if let calibration { settings.semanticCalibration = calibration }
        if let cacheMode { settings.cacheMode = cacheMode }
        if let maxBodyBytes { settings.maxBodyBytes = maxBodyBytes }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var configuration = ProxyConfiguration()
        configuration.adminToken = environment["LLMCACHE_ADMIN_TOKEN"].flatMap(AdminToken.init)
        do {
            var settings = try config.map(ProxyConfigurationFile.load(contentsOf:)) ?? ProxyConfigurationFile()
            override(&settings)
            settings.apply(to: &configuration, environment: environment)
            try configuration.validate()
        } catch let error as ProxyConfigurationError {
            throw ValidationError(error.message)
        }
        var logger = Logger(label: "llmcache.server")
        logger.logLevel = environment["LLMCACHE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        configuration.logger = logger

        let server = try await ProxyServer.open(configuration: configuration)
        let portFile = self.portFile
        try await ServerProcess.run(server, logger: logger) { bound in
            if let portFile {
                try PortFile.write(bound, to: portFile)
            }
            let host = server.configuration.host
            FileHandle.standardOutput.write(
                Data(
                    ("LLMCache proxy listening on http://\(host):\(bound) (OpenAI clients: http://\(host):\(bound)/v1); "
                        + "database \(server.client.store.location); " + Self.modeLine(server.configuration.cacheMode)
                        + "\n").utf8))
        }
        print("LLMCache proxy stopped")
    }
}
