import Foundation
import LLMCore
import Testing

@testable import LLMCacheServer

extension FuzzTests {
    @Test("Proxy configuration file: settings or a ProxyConfigurationError, from the file and from validation")
    func configurationFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "llmcache-fuzz-config-\(ProcessInfo.processInfo.processIdentifier).json")
        defer { try? FileManager.default.removeItem(at: file) }
        Fuzz.run(
            "config", iterations: 1500,
            generate: JSONGenerator.shapedOrMutated(ConfigurationShape.file),
            check: { input in
                try Data(input).write(to: file)
                var configuration = ProxyConfiguration()
                do {
                    try ProxyConfigurationFile.load(contentsOf: file.path)
                        .apply(to: &configuration, environment: ["LLMCACHE_ADMIN_TOKEN": "t"])
                    try configuration.validate()
                } catch is ProxyConfigurationError {
                    return
                }
                for (name, value) in [
                    ("upstream_timeout", configuration.upstreamTimeout),
                    ("upstream_connect_timeout", configuration.upstreamConnectTimeout),
                    ("shutdown_grace_period", configuration.shutdownGracePeriod),
                ] where value < .zero {
                    throw FuzzViolation("\(name) is negative")
                }
                if let ttl = configuration.defaultTTL {
                    guard ttl >= .zero, ttl <= Duration.maximumCacheLifetime else {
                        throw FuzzViolation("default_ttl of \(ttl.shortDescription) was accepted")
                    }
                    _ = ttl.expiry(after: Int64(Date().timeIntervalSince1970 * 1000))
                }
            })
    }
}

/// The configuration file's keys, for ``JSONGenerator``.
enum ConfigurationShape {
    static let duration: Shape = .string(["500ms", "90s", "15m", "12h", "7d", "0", "106751991167d", "1w1d"])
    static let money: Shape = .oneOf([.string(["5", "0.25", "$1.000001", "9223372036854.775807"]), .number])
    static let file: Shape = .object([
        ("host", .string(["127.0.0.1", "::1", ""]), false), ("port", .int(-1...70_000), false),
        ("db", .string(["/tmp/x.sqlite", "postgres://u@h/db"]), false),
        ("anthropic_base_url", .string(["http://127.0.0.1:1", "ftp://x", "http://"]), false),
        ("openai_base_url", .string(["https://api.openai.com/v1"]), false),
        ("upstream_key", .string(["forward", "server", "both"]), false),
        ("anthropic_api_key_env", .string(["ANTHROPIC_API_KEY"]), false),
        ("openai_api_key_env", .string(["OPENAI_API_KEY"]), false), ("shared_namespace", .string(["team", ""]), false),
        ("admin_token_env", .string(["LLMCACHE_ADMIN_TOKEN", "NONE"]), false),
        ("max_body_bytes", .int(0...100_000_000), false), ("semantic", .string(["off", "minilm", "lexical"]), false),
        ("semantic_threshold", .number, false), ("default_ttl", duration, false),
        ("cache_non_deterministic", .bool, false), ("pricing_file", .string(["data/pricing.json"]), false),
        (
            "budget",
            .object([
                ("daily_usd", money, false), ("run_usd", money, false), ("per_request_usd", money, false),
                ("kill_switch_file", .string(["/tmp/stop"]), false),
            ]), false
        ),
        ("budget_refusal_status", .int(400...430), false), ("default_max_tokens", .int(-1...100_000), false),
        ("upstream_timeout", duration, false), ("upstream_connect_timeout", duration, false),
        ("shutdown_grace_period", duration, false),
        ("when_store_unavailable", .string(["pass_through", "fail", "retry"]), false),
    ])
}
