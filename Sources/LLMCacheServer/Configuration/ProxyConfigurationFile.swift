import CostControl
import Foundation
import LLMCache
import LLMCore
import Providers
import SemanticCache

/// The settings of a proxy configuration file (JSON), decoded as written: every key optional, unset
/// members leave ``ProxyConfiguration``'s value alone. `cachectl serve` sets the members its flags name on
/// top of the decoded file, then applies the result with ``apply(to:environment:)``.
///
/// Keys (all optional): `host`, `port`, `db`, `anthropic_base_url`, `openai_base_url`, `upstream_key`
/// (`forward` or `server`), `anthropic_api_key_env` and `openai_api_key_env` (the environment variables that
/// hold the server keys; `ANTHROPIC_API_KEY` and `OPENAI_API_KEY` by default), `shared_namespace`,
/// `admin_token_env` (`LLMCACHE_ADMIN_TOKEN` by default), `max_body_bytes`, `semantic` (`off`, `minilm`,
/// `lexical`), `semantic_threshold` or `semantic_max_wrong_hit_rate`, `semantic_calibration`, `semantic_index_scan` (`int8`
/// or `float32`), `semantic_partition_from` (entries in one scope before it is partitioned), `default_ttl` (a duration such as `24h`, at most
/// 2³¹ seconds, about 68 years, or null to keep answers until purged),
/// `cache_mode` (`all`, the default, or `deterministic`), `cache_non_deterministic` (the older spelling:
/// `true` is `all`), `pricing_file`, `budget` (`daily_usd`, `run_usd`, `per_request_usd` as decimal
/// strings or numbers, `kill_switch_file`, `alert_thresholds`, `soft_daily_usd`, `soft_run_usd`,
/// `alert_webhook`, and `tag_caps`, caps by `key=value` cost tag), `budget_refusal_status` (429 or 402),
/// `default_max_tokens`, `upstream_timeout`, `upstream_connect_timeout`, `shutdown_grace_period`,
/// `when_store_unavailable` (`pass_through` or `fail`). `db` is a file or a `postgres://` URL. Keys are never
/// read from the file itself, only from the environment variables it names. An unknown key is an error that
/// names it with its path and lists the known ones.
public struct ProxyConfigurationFile: Sendable, Hashable, Decodable {
    /// `host`.
    public var host: String?
    /// `port`.
    public var port: Int?
    /// `db`: an SQLite file or a `postgres://` URL.
    public var database: String?
    /// `anthropic_base_url`.
    public var anthropicBaseURL: String?
    /// `openai_base_url`.
    public var openAIBaseURL: String?
    /// `upstream_key`.
    public var upstreamKey: ProxyConfiguration.KeySource?
    /// `anthropic_api_key_env`: the variable holding the server's Anthropic key.
    public var anthropicAPIKeyVariable: String?
    /// `openai_api_key_env`: the variable holding the server's OpenAI key.
    public var openAIAPIKeyVariable: String?
    /// `shared_namespace`.
    public var sharedNamespace: String?
    /// `admin_token_env`: the variable holding the admin token.
    public var adminTokenVariable: String?
    /// `max_body_bytes`.
    public var maxBodyBytes: Int?
    /// `semantic`.
    public var semantic: ProxyConfiguration.SemanticMode?
    /// `semantic_threshold`.
    public var semanticThreshold: Double?
    /// `semantic_max_wrong_hit_rate`.
    public var semanticMaxWrongHitRate: Double?
    /// `semantic_calibration`: a file from `cachectl calibrate`.
    public var semanticCalibration: String?
    /// `semantic_index_scan`: `int8` or `float32`.
    public var semanticIndexScan: SemanticIndex.Scan?
    /// `semantic_partition_from`: entries in one scope before it is partitioned (at least 1).
    public var semanticPartitionFrom: Int?
    /// `default_ttl`: `.some(nil)` (JSON null) keeps answers until purged.
    public var defaultTTL: Duration??
    /// `cache_non_deterministic`, the older spelling of ``cacheMode``; `cache_mode` wins when both are set.
    public var cacheNonDeterministic: Bool?
    /// `cache_mode`.
    public var cacheMode: CacheMode?
    /// `pricing_file`.
    public var pricingFile: String?
    /// `budget`.
    public var budget: Budget?
    /// `budget_refusal_status`.
    public var budgetRefusalStatus: Int?
    /// `token_limits`.
    public var tokenLimits: TokenLimitsSettings?
    /// `rate_limits`.
    public var rateLimits: RateLimitsSettings?
    /// `default_max_tokens`.
    public var defaultMaxTokens: Int?
    /// `upstream_timeout`.
    public var upstreamTimeout: Duration?
    /// `upstream_connect_timeout`.
    public var upstreamConnectTimeout: Duration?
    /// `shutdown_grace_period`.
    public var shutdownGracePeriod: Duration?
    /// `when_store_unavailable`.
    public var whenStoreUnavailable: StoreFailurePolicy?

    /// The `budget` object.
    public struct Budget: Sendable, Hashable, Decodable {
        /// `daily_usd`.
        public var dailyCap: MicroDollars?
        /// `run_usd`.
        public var runCap: MicroDollars?
        /// `per_request_usd`.
        public var perRequestMax: MicroDollars?
        /// `kill_switch_file`.
        public var killSwitchFile: String?
        /// `alert_thresholds`: the shares of each cap that raise an alert, e.g. `[0.5, 0.8, 1.0]`.
        public var alertThresholds: [Double]?
        /// `soft_daily_usd`: a daily amount that raises an alert and refuses nothing.
        public var softDailyCap: MicroDollars?
        /// `soft_run_usd`: a run amount that raises an alert and refuses nothing.
        public var softRunCap: MicroDollars?
        /// `alert_webhook`: a URL each alert is posted to as JSON.
        public var alertWebhook: String?
        /// `tag_caps`: caps by `key=value` cost tag, each `{"daily_usd", "run_usd", "soft_daily_usd",
        /// "soft_run_usd"}`.
        public var tagCaps: [CostTag: TagCaps]?

        /// No caps.
        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case dailyCap = "daily_usd"
            case runCap = "run_usd"
            case perRequestMax = "per_request_usd"
            case killSwitchFile = "kill_switch_file"
            case alertThresholds = "alert_thresholds"
            case softDailyCap = "soft_daily_usd"
            case softRunCap = "soft_run_usd"
            case alertWebhook = "alert_webhook"
            case tagCaps = "tag_caps"
        }

        /// Decodes the `budget` object; an unknown key in it is an `UnknownConfigurationKeyError`.
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let file = try decoder.container(keyedBy: CodingKeys.self)
            dailyCap = try file.dollars(.dailyCap)
            runCap = try file.dollars(.runCap)
            perRequestMax = try file.dollars(.perRequestMax)
            killSwitchFile = try file.decodeIfPresent(String.self, forKey: .killSwitchFile)
            alertThresholds = try file.decodeIfPresent([Double].self, forKey: .alertThresholds)
            if let shares = alertThresholds, let bad = shares.first(where: { !($0 > 0 && $0.isFinite) }) {
                throw DecodingError.dataCorruptedError(
                    forKey: .alertThresholds, in: file,
                    debugDescription: "each alert threshold is a positive share of the cap, such as 0.8; got \(bad)")
            }
            softDailyCap = try file.dollars(.softDailyCap)
            softRunCap = try file.dollars(.softRunCap)
            alertWebhook = try file.decodeIfPresent(String.self, forKey: .alertWebhook)
            tagCaps = try Self.tagCaps(in: file)
        }
    }

    /// No settings.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case host, port
        case database = "db"
        case anthropicBaseURL = "anthropic_base_url"
        case openAIBaseURL = "openai_base_url"
        case upstreamKey = "upstream_key"
        case anthropicAPIKeyVariable = "anthropic_api_key_env"
        case openAIAPIKeyVariable = "openai_api_key_env"
        case sharedNamespace = "shared_namespace"
        case adminTokenVariable = "admin_token_env"
        case maxBodyBytes = "max_body_bytes"
        case semantic
        case semanticThreshold = "semantic_threshold"
        case semanticMaxWrongHitRate = "semantic_max_wrong_hit_rate"
        case semanticCalibration = "semantic_calibration"
        case semanticIndexScan = "semantic_index_scan"
        case semanticPartitionFrom = "semantic_partition_from"
        case defaultTTL = "default_ttl"
        case cacheNonDeterministic = "cache_non_deterministic"
        case cacheMode = "cache_mode"
        case pricingFile = "pricing_file"
        case budget
        case budgetRefusalStatus = "budget_refusal_status"
        case tokenLimits = "token_limits"
        case rateLimits = "rate_limits"
        case defaultMaxTokens = "default_max_tokens"
        case upstreamTimeout = "upstream_timeout"
        case upstreamConnectTimeout = "upstream_connect_timeout"
        case shutdownGracePeriod = "shutdown_grace_period"
        case whenStoreUnavailable = "when_store_unavailable"
    }

    /// Decodes a configuration file; an unknown key is an `UnknownConfigurationKeyError`, a value
    /// of the wrong kind a `DecodingError` at its key (``decode(_:source:)`` turns both into
    /// ``ProxyConfigurationError``s).
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let file = try decoder.container(keyedBy: CodingKeys.self)
        host = try file.decodeIfPresent(String.self, forKey: .host)
        port = try file.decodeWholeNumberIfPresent(forKey: .port)
        database = try file.decodeIfPresent(String.self, forKey: .database)
        anthropicBaseURL = try file.decodeIfPresent(String.self, forKey: .anthropicBaseURL)
        openAIBaseURL = try file.decodeIfPresent(String.self, forKey: .openAIBaseURL)
        upstreamKey = try file.choice(.upstreamKey, expected: "forward or server")
        anthropicAPIKeyVariable = try file.decodeIfPresent(String.self, forKey: .anthropicAPIKeyVariable)
        openAIAPIKeyVariable = try file.decodeIfPresent(String.self, forKey: .openAIAPIKeyVariable)
        sharedNamespace = try file.decodeIfPresent(String.self, forKey: .sharedNamespace)
        adminTokenVariable = try file.decodeIfPresent(String.self, forKey: .adminTokenVariable)
        maxBodyBytes = try file.decodeWholeNumberIfPresent(forKey: .maxBodyBytes)
        semantic = try file.choice(.semantic, expected: "off, minilm or lexical")
        semanticThreshold = try file.decodeIfPresent(Double.self, forKey: .semanticThreshold)
        semanticMaxWrongHitRate = try file.decodeIfPresent(Double.self, forKey: .semanticMaxWrongHitRate)
        semanticCalibration = try file.decodeIfPresent(String.self, forKey: .semanticCalibration)
        semanticIndexScan = try file.choice(.semanticIndexScan, expected: "int8 or float32")
        semanticPartitionFrom = try file.positiveCount(.semanticPartitionFrom, unit: "entries")
        if file.contains(.defaultTTL), try file.decodeNil(forKey: .defaultTTL) {
            defaultTTL = .some(nil)
        } else if let ttl = try file.duration(.defaultTTL) {
            guard ttl <= Duration.maximumCacheLifetime else {
                throw DecodingError.dataCorruptedError(
                    forKey: .defaultTTL, in: file,
                    debugDescription:
                        "must be at most \(Duration.maximumCacheLifetime.shortDescription) (2^31 seconds), or null to keep "
                        + "answers until purged; got \(ttl.shortDescription)")
            }
            defaultTTL = ttl
        }
        cacheNonDeterministic = try file.decodeIfPresent(Bool.self, forKey: .cacheNonDeterministic)
        cacheMode = try file.choice(.cacheMode, expected: "all or deterministic")
        pricingFile = try file.decodeIfPresent(String.self, forKey: .pricingFile)
        budget = try file.decodeIfPresent(Budget.self, forKey: .budget)
        budgetRefusalStatus = try file.decodeWholeNumberIfPresent(forKey: .budgetRefusalStatus)
        tokenLimits = try file.decodeIfPresent(TokenLimitsSettings.self, forKey: .tokenLimits)
        rateLimits = try file.decodeIfPresent(RateLimitsSettings.self, forKey: .rateLimits)
        defaultMaxTokens = try file.decodeWholeNumberIfPresent(forKey: .defaultMaxTokens)
        upstreamTimeout = try file.duration(.upstreamTimeout)
        upstreamConnectTimeout = try file.duration(.upstreamConnectTimeout)
        shutdownGracePeriod = try file.duration(.shutdownGracePeriod)
        whenStoreUnavailable = try file.choice(.whenStoreUnavailable, expected: "pass_through or fail")
    }

    /// Reads the file at `path`; errors are ``ProxyConfigurationError``s that name the file and the key.
    public static func load(contentsOf path: String) throws -> ProxyConfigurationFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ProxyConfigurationError("cannot read the configuration file \(path): \(error.localizedDescription)")
        }
        return try decode(data, source: path)
    }

    /// Decodes configuration-file bytes; `source` names the file in errors.
    public static func decode(_ data: Data, source: String = "configuration") throws -> ProxyConfigurationFile {
        do {
            return try JSONDecoder().decode(ProxyConfigurationFile.self, from: data)
        } catch let unknown as UnknownConfigurationKeyError {
            throw ProxyConfigurationError("\(source): \(unknown)")
        } catch let error as DecodingError {
            let (path, problem) = error.configurationProblem
            if path.isEmpty, case .dataCorrupted = error {
                throw ProxyConfigurationError("the configuration file \(source) \(problem)")
            }
            if path.isEmpty {
                throw ProxyConfigurationError("\(source) must hold a JSON object")
            }
            throw ProxyConfigurationError("\(source): \(path) \(problem)")
        }
    }

    /// Applies the settings that are set to `configuration`, reading the secrets the file names from
    /// `environment`.
    public func apply(
        to configuration: inout ProxyConfiguration,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if let database { configuration.databasePath = database }
        if let anthropicBaseURL { configuration.anthropicBaseURL = anthropicBaseURL }
        if let openAIBaseURL { configuration.openAIBaseURL = openAIBaseURL }
        if let upstreamKey { configuration.keySource = upstreamKey }
        if configuration.keySource == .server {
            configuration.anthropicServerKey = APIKey.fromEnvironment(
                anthropicAPIKeyVariable ?? APIKey.anthropicEnvironmentVariable, environment: environment)
            configuration.openAIServerKey = APIKey.fromEnvironment(
                openAIAPIKeyVariable ?? APIKey.openAIEnvironmentVariable, environment: environment)
        }
        if let sharedNamespace { configuration.sharedNamespace = sharedNamespace }
        if let adminTokenVariable {
            configuration.adminToken = environment[adminTokenVariable].flatMap(AdminToken.init)
        }
        if let maxBodyBytes { configuration.maxBodyBytes = maxBodyBytes }
        if let semantic { configuration.semantic = semantic }
        if let semanticThreshold { configuration.semanticThreshold = Float(semanticThreshold) }
        if let semanticMaxWrongHitRate { configuration.semanticMaxWrongHitRate = semanticMaxWrongHitRate }
        if let semanticCalibration { configuration.semanticCalibration = semanticCalibration }
        if let semanticIndexScan { configuration.semanticIndexScan = semanticIndexScan }
        if let semanticPartitionFrom { configuration.semanticPartitionFrom = semanticPartitionFrom }
        if let defaultTTL { configuration.defaultTTL = defaultTTL }
        if let cacheNonDeterministic { configuration.cacheNonDeterministic = cacheNonDeterministic }
        if let cacheMode { configuration.cacheMode = cacheMode }
        if let pricingFile { configuration.pricingFile = pricingFile }
        if let budget {
            if let cap = budget.dailyCap { configuration.budget.dailyCap = cap }
            if let cap = budget.runCap { configuration.budget.runCap = cap }
            if let cap = budget.perRequestMax { configuration.budget.perRequestMax = cap }
            if let path = budget.killSwitchFile { configuration.budget.killSwitchFile = URL(fileURLWithPath: path) }
            if let shares = budget.alertThresholds { configuration.budget.alertThresholds = shares }
            if let cap = budget.softDailyCap { configuration.budget.softDailyCap = cap }
            if let cap = budget.softRunCap { configuration.budget.softRunCap = cap }
            if let url = budget.alertWebhook { configuration.budgetAlertWebhook = url }
            if let caps = budget.tagCaps { configuration.budget.tagCaps = caps }
        }
        if let whenStoreUnavailable { configuration.whenStoreUnavailable = whenStoreUnavailable }
        if let budgetRefusalStatus { configuration.budgetRefusalStatus = budgetRefusalStatus }
        if let tokenLimits {
            configuration.tokenLimits = tokenLimits.limits
            configuration.summaryModel = tokenLimits.summaryModel
            configuration.countsTokensAtProvider = tokenLimits.countTokens
        }
        if let rateLimits { configuration.rateLimits = rateLimits.limits }
        if let defaultMaxTokens { configuration.defaultMaxTokens = defaultMaxTokens }
        if let upstreamTimeout { configuration.upstreamTimeout = upstreamTimeout }
        if let upstreamConnectTimeout { configuration.upstreamConnectTimeout = upstreamConnectTimeout }
        if let shutdownGracePeriod { configuration.shutdownGracePeriod = shutdownGracePeriod }
    }
}
