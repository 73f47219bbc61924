import CostControl
import Foundation
import LLMCache
import LLMCore
import Logging
import Providers
import SemanticCache

/// Everything `cachectl serve` can be told, by configuration file (``ProxyConfigurationFile``) and flags.
/// Every setting has a default except where to send calls, which defaults to the real providers.
public struct ProxyConfiguration: Sendable {
    /// Where the upstream key comes from.
    public enum KeySource: String, Sendable, Hashable, CaseIterable {
        /// The caller's own key is sent upstream (Anthropic `x-api-key`, OpenAI `Authorization: Bearer`).
        case forward
        /// The server's key replaces the caller's; callers need not present one.
        case server
    }

    /// Which semantic layer runs in front of the upstream.
    public enum SemanticMode: String, Sendable, Hashable, CaseIterable {
        /// No semantic layer: exact cache only.
        case off
        /// all-MiniLM-L6-v2 from the default model folder (`scripts/fetch-model.sh`).
        case minilm
        /// The lexical embedder: no model files, lower quality.
        case lexical
    }

    /// The address to listen on (loopback by default).
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int
    /// The cache database: an SQLite file, or a `postgres://` URL for the PostgreSQL store shared by several
    /// proxies (one cache and one budget).
    public var databasePath: String
    /// What happens to a call when the cache database cannot be read: pass it to the provider uncached (the
    /// default) or refuse it with 503.
    public var whenStoreUnavailable: StoreFailurePolicy
    /// Anthropic's API root, without `/v1`.
    public var anthropicBaseURL: String
    /// The OpenAI-compatible API root, with its version segment.
    public var openAIBaseURL: String
    /// Whose key goes upstream.
    public var keySource: KeySource
    /// With ``KeySource/server``: the server's Anthropic key (from `ANTHROPIC_API_KEY` by default).
    public var anthropicServerKey: APIKey?
    /// With ``KeySource/server``: the server's OpenAI key (from `OPENAI_API_KEY` by default).
    public var openAIServerKey: APIKey?
    /// When set, every caller shares this namespace: an entry written for one key is served to every key.
    /// Unset (the default), each API key has its own namespace derived from the key's hash.
    public var sharedNamespace: String?
    /// The token that admin routes require (`Authorization: Bearer TOKEN`); unset, the admin routes are off.
    public var adminToken: AdminToken?
    /// The largest request body accepted, in bytes; larger bodies get 413.
    public var maxBodyBytes: Int
    /// The semantic layer.
    public var semantic: SemanticMode
    /// A plain cosine threshold for semantic hits instead of the library's bounded policy.
    public var semanticThreshold: Float?
    /// The bounded policy's maximum wrong-hit rate (the library default,
    /// `SemanticCacheConfiguration.defaultMaxWrongHitRate`, 0.01, when unset).
    public var semanticMaxWrongHitRate: Double?
    /// A calibration file from `cachectl calibrate` for the bounded policy (the shipped one when unset).
    public var semanticCalibration: String?
    /// How the semantic index reads a scope per lookup (`semantic_index_scan`): `int8` (the default, an int8
    /// scan with exact float32 rescoring) or `float32` (no int8 copy, 20 % less index memory, slower).
    public var semanticIndexScan: SemanticIndex.Scan = .int8
    /// Entries one scope must hold before it is partitioned for approximate search
    /// (`semantic_partition_from`); `nil` keeps the library default, 250,000.
    public var semanticPartitionFrom: Int?
    /// How long answers are kept; `nil` keeps them until purged or evicted.
    public var defaultTTL: Duration?
    /// Which calls are cached and served: `.all` by default, because today's SDKs mostly send no temperature
    /// (anthropic 2.14 cannot) and whoever starts a caching proxy expects repeats to be answered from it; the
    /// sampling parameters are part of the key, so different temperatures never share an entry. A request
    /// chooses its own with `x-cache-mode`.
    public var cacheMode: CacheMode

    /// Whether answers to non-deterministic calls (temperature other than 0) are cached and served: the
    /// same as ``cacheMode`` `.all`.
    public var cacheNonDeterministic: Bool {
        get { cacheMode == .all }
        set { cacheMode = newValue ? .all : .deterministic }
    }
    /// The pricing file (`data/pricing.json` found as `cachectl pricing` does when unset).
    public var pricingFile: String?
    /// Budget caps; with none, only pricing and the ledger run.
    public var budget: BudgetLimits
    /// The status of a budget refusal: 429 (the default) or 402.
    public var budgetRefusalStatus: Int
    /// A URL each budget alert (`BudgetAlert`: a share of a cap or a soft cap crossed) is also
    /// posted to as JSON, in the background; `nil` for none (alerts are still logged and in `/metrics`).
    public var budgetAlertWebhook: String?
    /// Token budgets checked before each call is priced (`TokenLimits`); `nil` for none. A refused call is a
    /// 400 in the caller's format that says the estimate, the limit and what to change.
    public var tokenLimits: TokenLimits?
    /// The model that summarises the turns `TokenLimits.OverInput.summariseHistory` drops, called through
    /// the proxy's upstream with the call's own key (`token_limits.summarise_with`); `nil` drops them
    /// without a summary. It must be in the price table.
    public var summaryModel: String? = nil
    /// Whether each Anthropic call's input tokens are counted by the provider (`count_tokens`) before the
    /// token limits and the budget reservation (`token_limits.count_tokens`); otherwise they are estimated.
    /// Other providers' calls are estimated either way.
    public var countsTokensAtProvider: Bool = false
    /// Rates of upstream calls by namespace, caller (API key) and cost tag (`RateLimits`); `nil` for none. A
    /// call over a rate is a 429 in the caller's format with `retry-after`.
    public var rateLimits: RateLimits?
    /// What the budget reserves for the output of an OpenAI request that sets no limit. It is sent upstream
    /// only when a budget cap is configured, so that the cap holds; otherwise the provider's own limit applies.
    public var defaultMaxTokens: Int
    /// The longest wait for an upstream's response head.
    public var upstreamTimeout: Duration
    /// The longest wait for a connection to an upstream (a refused connection is retried until then).
    public var upstreamConnectTimeout: Duration
    /// The longest wait for requests in flight at shutdown.
    public var shutdownGracePeriod: Duration
    /// The server's logger. It never logs keys, and prompt content only at debug level.
    public var logger: Logger

    /// A configuration; each parameter sets the property of the same name, and every default is the
    /// documented one. ``cacheNonDeterministic`` is not a parameter: it is another spelling of `cacheMode`.
    ///
    /// - Parameters:
    ///   - host: the address to listen on. Default: `127.0.0.1`.
    ///   - port: the port, or 0 for a free one. Default: 8080.
    ///   - databasePath: the cache database: an SQLite file or a `postgres://` URL. Default: the default location
    ///     (`DefaultLocations.database()`).
    ///   - whenStoreUnavailable: what happens to a call when the database cannot be read. Default: `.passThrough`.
    ///   - anthropicBaseURL: Anthropic's API root, without `/v1`. Default: `https://api.anthropic.com`.
    ///   - openAIBaseURL: the OpenAI-compatible API root, with its version segment. Default: `https://api.openai.com/v1`.
    ///   - keySource: whose key goes upstream. Default: ``KeySource/forward``.
    ///   - anthropicServerKey: with ``KeySource/server``, the server's Anthropic key. Default: `nil`.
    ///   - openAIServerKey: with ``KeySource/server``, the server's OpenAI key. Default: `nil`.
    ///   - sharedNamespace: a namespace every caller shares, or `nil` for one per API key. Default: `nil`.
    ///   - adminToken: the token the admin routes require, or `nil` to turn them off. Default: `nil`.
    ///   - maxBodyBytes: the largest request body accepted, in bytes. Default: 32 MiB.
    ///   - semantic: the semantic layer. Default: ``SemanticMode/off``.
    ///   - semanticThreshold: a plain cosine threshold instead of the bounded policy. Default: `nil`.
    ///   - semanticMaxWrongHitRate: the bounded policy's maximum wrong-hit rate, or `nil` for the library's. Default: `nil`.
    ///   - semanticCalibration: a calibration file for the bounded policy, or `nil` for the shipped one. Default: `nil`.
    ///   - defaultTTL: how long answers are kept, or `nil` until purged or evicted. Default: 24 hours.
    ///   - cacheMode: which calls are cached and served. Default: `.all`.
    ///   - pricingFile: the pricing file, or `nil` to find `data/pricing.json`. Default: `nil`.
    ///   - budget: budget caps. Default: `BudgetLimits()`, none.
    ///   - budgetRefusalStatus: the status of a budget refusal, 429 or 402. Default: 429.
    ///   - budgetAlertWebhook: where budget alerts are also posted. Default: `nil`, none.
    ///   - tokenLimits: token budgets checked before each call. Default: `nil`, none.
    ///   - rateLimits: rates of upstream calls. Default: `nil`, none.
    ///   - defaultMaxTokens: what the budget reserves for an OpenAI request's output that sets no limit. Default: 4096.
    ///   - upstreamTimeout: the longest wait for an upstream's response head. Default: 600 seconds.
    ///   - upstreamConnectTimeout: the longest wait for a connection to an upstream. Default: 5 seconds.
    ///   - shutdownGracePeriod: the longest wait for requests in flight at shutdown. Default: 30 seconds.
    ///   - logger: the server's logger. Default: one labelled `llmcache.server`.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        databasePath: String = DefaultLocations.database(),
        whenStoreUnavailable: StoreFailurePolicy = .passThrough,
        anthropicBaseURL: String = "https://api.anthropic.com",
        openAIBaseURL: String = "https://api.openai.com/v1",
        keySource: KeySource = .forward,
        anthropicServerKey: APIKey? = nil,
        openAIServerKey: APIKey? = nil,
        sharedNamespace: String? = nil,
        adminToken: AdminToken? = nil,
        maxBodyBytes: Int = 32 * 1024 * 1024,
        semantic: SemanticMode = .off,
        semanticThreshold: Float? = nil,
        semanticMaxWrongHitRate: Double? = nil,
        semanticCalibration: String? = nil,
        defaultTTL: Duration? = .seconds(86_400),
        cacheMode: CacheMode = .all,
        pricingFile: String? = nil,
        budget: BudgetLimits = BudgetLimits(),
        budgetRefusalStatus: Int = 429,
        budgetAlertWebhook: String? = nil,
        tokenLimits: TokenLimits? = nil,
        rateLimits: RateLimits? = nil,
        defaultMaxTokens: Int = 4096,
        upstreamTimeout: Duration = .seconds(600),
        upstreamConnectTimeout: Duration = .seconds(5),
        shutdownGracePeriod: Duration = .seconds(30),
        logger: Logger = Logger(label: "llmcache.server")
    ) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.whenStoreUnavailable = whenStoreUnavailable
        self.anthropicBaseURL = anthropicBaseURL
        self.openAIBaseURL = openAIBaseURL
        self.keySource = keySource
        self.anthropicServerKey = anthropicServerKey
        self.openAIServerKey = openAIServerKey
        self.sharedNamespace = sharedNamespace
        self.adminToken = adminToken
        self.maxBodyBytes = maxBodyBytes
        self.semantic = semantic
        self.semanticThreshold = semanticThreshold
        self.semanticMaxWrongHitRate = semanticMaxWrongHitRate
        self.semanticCalibration = semanticCalibration
        self.defaultTTL = defaultTTL
        self.cacheMode = cacheMode
        self.pricingFile = pricingFile
        self.budget = budget
        self.budgetRefusalStatus = budgetRefusalStatus
        self.budgetAlertWebhook = budgetAlertWebhook
        self.tokenLimits = tokenLimits
        self.rateLimits = rateLimits
        self.defaultMaxTokens = defaultMaxTokens
        self.upstreamTimeout = upstreamTimeout
        self.upstreamConnectTimeout = upstreamConnectTimeout
        self.shutdownGracePeriod = shutdownGracePeriod
        self.logger = logger
    }

    /// Checks values that have a range, with a message that names the setting.
    public func validate() throws {
        func fail(_ message: String) -> ProxyConfigurationError { ProxyConfigurationError(message) }
        guard (0...65535).contains(port) else { throw fail("port must lie in 0...65535, got \(port)") }
        guard maxBodyBytes >= 1024 else { throw fail("max_body_bytes must be at least 1024, got \(maxBodyBytes)") }
        guard budgetRefusalStatus == 429 || budgetRefusalStatus == 402 else {
            throw fail("budget_refusal_status must be 429 or 402, got \(budgetRefusalStatus)")
        }
        guard defaultMaxTokens >= 1 else { throw fail("default_max_tokens must be at least 1") }
        if let threshold = semanticThreshold, !(-1...1).contains(threshold) {
            throw fail("semantic_threshold must lie in [-1, 1], got \(threshold)")
        }
        if let rate = semanticMaxWrongHitRate, !(rate > 0 && rate < 1) {
            throw fail("semantic_max_wrong_hit_rate must lie strictly between 0 and 1, such as 0.02, got \(rate)")
        }
        if semanticThreshold != nil && semanticMaxWrongHitRate != nil {
            throw fail(
                "semantic_threshold and semantic_max_wrong_hit_rate are two policies; set one (a threshold serves "
                    + "every candidate above it, a maximum wrong-hit rate lets the layer choose)")
        }
        if let namespace = sharedNamespace, namespace.isEmpty { throw fail("shared_namespace must not be empty") }
        if let ttl = defaultTTL, ttl < .milliseconds(1) || ttl > .maximumCacheLifetime {
            throw fail(
                "default_ttl must be positive and at most \(Duration.maximumCacheLifetime.shortDescription) (2^31 seconds), "
                    + "got \(ttl.shortDescription); "
                    + "use null for entries that never expire")
        }
        for (name, url) in [("anthropic_base_url", anthropicBaseURL), ("openai_base_url", openAIBaseURL)] {
            guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme),
                parsed.host != nil
            else { throw fail("\(name) must be an http or https URL, got '\(url)'") }
        }
    }
}

/// A configuration value that is out of range or cannot be read.
public struct ProxyConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what to write.
    public let message: String

    /// An error with `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
