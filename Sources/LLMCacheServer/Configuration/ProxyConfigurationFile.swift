import CostControl
import Foundation
import LLMCache
import LLMCore
import Providers
import WireFormats

/// Reads a JSON configuration file onto a ``ProxyConfiguration``.
///
/// Keys (all optional): `host`, `port`, `db`, `anthropic_base_url`, `openai_base_url`, `upstream_key`
/// (`forward` or `server`), `anthropic_api_key_env` and `openai_api_key_env` (the environment variables that
/// hold the server keys; `ANTHROPIC_API_KEY` and `OPENAI_API_KEY` by default), `shared_namespace`,
/// `admin_token_env` (`LLMCACHE_ADMIN_TOKEN` by default), `max_body_bytes`, `semantic` (`off`, `minilm`,
/// `lexical`), `semantic_threshold`, `default_ttl` (a duration such as `24h`, at most
/// `TimeSpan.maximumCacheLifetime`, or null to keep answers until purged),
/// `cache_mode` (`all`, the default, or `deterministic`), `cache_non_deterministic` (the older spelling:
/// `true` is `all`), `pricing_file`, `budget` (`daily_usd`, `run_usd`, `per_request_usd` as decimal
/// strings or numbers, `kill_switch_file`), `budget_refusal_status` (429 or 402),
/// `default_max_tokens`, `upstream_timeout`, `upstream_connect_timeout`, `shutdown_grace_period`,
/// `when_store_unavailable` (`pass_through` or `fail`). `db` is a file or a `postgres://` URL. Keys are never
/// read from the file itself, only from the environment variables it names. An unknown key is an error that
/// lists the known ones.
public enum ProxyConfigurationFile {
    static let knownKeys: Set<String> = [
        "host", "port", "db", "anthropic_base_url", "openai_base_url", "upstream_key", "anthropic_api_key_env",
        "openai_api_key_env", "shared_namespace", "admin_token_env", "max_body_bytes", "semantic",
        "semantic_threshold", "default_ttl", "cache_non_deterministic", "cache_mode", "pricing_file", "budget",
        "budget_refusal_status", "default_max_tokens", "upstream_timeout", "upstream_connect_timeout",
        "shutdown_grace_period", "when_store_unavailable",
    ]
    static let budgetKeys: Set<String> = ["daily_usd", "run_usd", "per_request_usd", "kill_switch_file"]

    /// Applies the file at `path` to `configuration`, reading secrets from `environment`.
    public static func apply(
        contentsOf path: String, to configuration: inout ProxyConfiguration,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ProxyConfigurationError("cannot read the configuration file \(path): \(error.localizedDescription)")
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(data)
        } catch {
            throw ProxyConfigurationError("the configuration file \(path) is not valid JSON: \(error)")
        }
        try apply(json, to: &configuration, environment: environment, source: path)
    }

    /// Applies a parsed configuration object.
    public static func apply(
        _ json: JSONValue, to configuration: inout ProxyConfiguration, environment: [String: String],
        source: String = "configuration"
    ) throws {
        guard case .object(let members) = json else {
            throw ProxyConfigurationError("\(source) must hold a JSON object")
        }
        try reject(members, known: knownKeys, in: source)
        let file = Reader(members: members, source: source)
        if let host = try file.string("host") { configuration.host = host }
        if let port = try file.int("port") { configuration.port = port }
        if let path = try file.string("db") { configuration.databasePath = path }
        if let url = try file.string("anthropic_base_url") { configuration.anthropicBaseURL = url }
        if let url = try file.string("openai_base_url") { configuration.openAIBaseURL = url }
        if let mode = try file.string("upstream_key") {
            guard let source = ProxyConfiguration.KeySource(rawValue: mode) else {
                throw ProxyConfigurationError("\(source): upstream_key must be forward or server, got '\(mode)'")
            }
            configuration.keySource = source
        }
        if configuration.keySource == .server {
            let anthropic = try file.string("anthropic_api_key_env") ?? APIKey.anthropicEnvironmentVariable
            let openAI = try file.string("openai_api_key_env") ?? APIKey.openAIEnvironmentVariable
            configuration.anthropicServerKey = APIKey.fromEnvironment(anthropic, environment: environment)
            configuration.openAIServerKey = APIKey.fromEnvironment(openAI, environment: environment)
        }
        if let namespace = try file.string("shared_namespace") { configuration.sharedNamespace = namespace }
        if let variable = try file.string("admin_token_env") {
            configuration.adminToken = environment[variable].flatMap(AdminToken.init)
        }
        if let bytes = try file.int("max_body_bytes") { configuration.maxBodyBytes = bytes }
        if let mode = try file.string("semantic") {
            guard let semantic = ProxyConfiguration.SemanticMode(rawValue: mode) else {
                throw ProxyConfigurationError("\(source): semantic must be off, minilm or lexical, got '\(mode)'")
            }
            configuration.semantic = semantic
        }
        if let threshold = try file.double("semantic_threshold") { configuration.semanticThreshold = Float(threshold) }
        if members["default_ttl"] == .null {
            configuration.defaultTTL = nil
        } else if let ttl = try file.duration("default_ttl") {
            guard ttl <= TimeSpan.maximumCacheLifetime else {
                throw file.fail(
                    "default_ttl",
                    "at most \(TimeSpan.maximumCacheLifetime) (2^31 seconds), or null to keep answers until purged; "
                        + "got \(ttl)")
            }
            configuration.defaultTTL = ttl
        }
        if let flag = try file.bool("cache_non_deterministic") { configuration.cacheNonDeterministic = flag }
        if let mode = try file.string("cache_mode") {
            guard let value = CacheMode(rawValue: mode) else {
                throw ProxyConfigurationError("\(source): cache_mode must be all or deterministic, got '\(mode)'")
            }
            configuration.cacheMode = value
        }
        if let path = try file.string("pricing_file") { configuration.pricingFile = path }
        if let budget = members["budget"] {
            guard case .object(let caps) = budget else {
                throw ProxyConfigurationError("\(source): budget must be an object")
            }
            try reject(caps, known: budgetKeys, in: "\(source) budget")
            let reader = Reader(members: caps, source: "\(source) budget")
            if let cap = try reader.money("daily_usd") { configuration.budget.dailyCap = cap }
            if let cap = try reader.money("run_usd") { configuration.budget.runCap = cap }
            if let cap = try reader.money("per_request_usd") { configuration.budget.perRequestMax = cap }
            if let path = try reader.string("kill_switch_file") {
                configuration.budget.killSwitchFile = URL(fileURLWithPath: path)
            }
        }
        if let policy = try file.string("when_store_unavailable") {
            guard let value = StoreFailurePolicy(rawValue: policy) else {
                throw ProxyConfigurationError(
                    "\(source): when_store_unavailable must be pass_through or fail, got '\(policy)'")
            }
            configuration.whenStoreUnavailable = value
        }
        if let status = try file.int("budget_refusal_status") { configuration.budgetRefusalStatus = status }
        if let tokens = try file.int("default_max_tokens") { configuration.defaultMaxTokens = tokens }
        if let timeout = try file.duration("upstream_timeout") {
            configuration.upstreamTimeout = .milliseconds(timeout.milliseconds)
        }
        if let timeout = try file.duration("upstream_connect_timeout") {
            configuration.upstreamConnectTimeout = .milliseconds(timeout.milliseconds)
        }
        if let grace = try file.duration("shutdown_grace_period") {
            configuration.shutdownGracePeriod = .milliseconds(grace.milliseconds)
        }
    }

    private static func reject(_ members: [String: JSONValue], known: Set<String>, in source: String) throws {
        if let unknown = members.keys.filter({ !known.contains($0) }).sorted().first {
            throw ProxyConfigurationError(
                "\(source): unknown key '\(unknown)'; known keys: \(known.sorted().joined(separator: ", "))")
        }
    }

    /// Typed reads of the file's members (``WireFields``), with errors that name the file and the key.
    private struct Reader {
        let fields: WireFields
        let source: String

        init(members: [String: JSONValue], source: String) {
            self.fields = WireFields(members: members, path: "")
            self.source = source
        }

        func fail(_ key: String, _ expected: String) -> ProxyConfigurationError {
            ProxyConfigurationError("\(source): \(key) must be \(expected)")
        }

        /// `read` with a wire-format error restated as a configuration error.
        private func reading<T>(_ read: () throws -> T) throws -> T {
            do {
                return try read()
            } catch let invalid as InvalidWireRequest {
                throw ProxyConfigurationError("\(source): \(invalid.message)")
            }
        }

        func string(_ key: String) throws -> String? { try reading { try fields.string(key) } }
        func int(_ key: String) throws -> Int? { try reading { try fields.int(key) } }
        func double(_ key: String) throws -> Double? { try reading { try fields.double(key) } }
        func bool(_ key: String) throws -> Bool? { try reading { try fields.bool(key) } }

        func duration(_ key: String) throws -> TimeSpan? {
            guard let text = try string(key) else { return nil }
            do {
                return try TimeSpan(parsing: text)
            } catch {
                throw fail(key, "a duration such as 500ms, 90s, 15m, 12h or 7d (got '\(text)')")
            }
        }

        func money(_ key: String) throws -> MicroDollars? {
            guard let value = fields.value(key) else { return nil }
            let text: String
            switch value {
            case .string(let string): text = string
            case .int(let number): text = String(number)
            case .double(let number): text = String(format: "%.6f", number)
            default: throw fail(key, "an amount of US dollars such as \"5\" or \"0.25\"")
            }
            guard let amount = MicroDollars(parsing: text) else {
                throw fail(key, "an amount of US dollars such as \"5\" or \"0.25\" (got '\(text)')")
            }
            return amount
        }
    }
}
