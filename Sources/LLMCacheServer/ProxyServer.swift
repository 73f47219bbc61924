import CacheStorage
import CostControl
import Embeddings
import Foundation
import Hummingbird
import LLMCache
import LLMCore
import Logging
import Providers
import SemanticCache
import ServerHosting
import Synchronization

/// The caching proxy: an HTTP server that speaks Anthropic's Messages API and OpenAI's Chat Completions
/// API and answers through a `CachedClient` (exact cache, optional semantic cache, budgets and
/// cost records) in front of the configured upstreams.
///
/// ```swift
/// var configuration = ProxyConfiguration()
/// configuration.port = 0
/// configuration.anthropicBaseURL = "http://127.0.0.1:9000"
/// let server = try await ProxyServer.open(configuration: configuration)
/// let port = try await server.start()
/// // ... point a client at http://127.0.0.1:\(port)
/// await server.stop()   // finishes the requests in flight, then closes the database
/// ```
///
/// To run it until the process is told to stop, put a `ServerService(server)` in a `ServiceGroup` with
/// graceful-shutdown signals.
public final class ProxyServer: HostedServer {
    /// The configuration it runs with.
    public let configuration: ProxyConfiguration
    /// The client every call goes through.
    public let client: CachedClient
    private let service: ProxyService
    private let http: ProviderHTTPClient
    private let host: ServerHost
    private let closed = Mutex(false)

    /// How a ``ServerStartError`` names the proxy.
    static let startErrorName = "the proxy"

    /// Opens the database (an SQLite file, or the shared PostgreSQL store for a `postgres://` URL), loads
    /// pricing and the semantic layer, and builds the client; does not listen yet.
    public static func open(configuration: ProxyConfiguration) async throws -> ProxyServer {
        try configuration.validate()
        let logger = configuration.logger
        let backend = StoreBackend(location: configuration.databasePath)
        let caps =
            configuration.budget.dailyCap != nil || configuration.budget.runCap != nil
            || configuration.budget.tagCaps.values.contains { $0.dailyCap != nil || $0.runCap != nil }
        if caps, let network = backend.networkFileSystem {
            // Refuse rather than risk overspending: the holds rely on the file's write lock.
            throw ServerStartError(
                server: startErrorName,
                reason:
                    "the cache database \(configuration.databasePath) is on a network file system (\(network)), where SQLite's "
                    + "file locks do not hold between machines, so proxies sharing it could pass a budget cap "
                    + "together; put the database on a local disk, or use a postgres:// database to share "
                    + "one budget between hosts")
        }
        if configuration.rateLimits != nil, let network = backend.networkFileSystem {
            // Rates protect the provider's quotas, not money: warn rather than refuse.
            logger.warning(
                Logger.Message(
                    stringLiteral: "the cache database is on a network file system, where file locks do not hold "
                        + "between machines: proxies on other hosts may pass the shared rate limits together"),
                metadata: ["database": "\(configuration.databasePath)", "file_system": "\(network)"])
        }
        let opened = try await backend.open(.serving, logLevel: logger.logLevel)
        let store = opened.store
        // The daily cap (and a named run's cap) hold across every proxy on the same database.
        let sharedBudget = opened.sharedBudget
        do {
            let pricingURL =
                try configuration.pricingFile.map { URL(fileURLWithPath: $0) } ?? PricingFileLocator.locate()
            let pricing = try PricingTable.load(contentsOf: pricingURL)
            // The daily cap (and a named run's cap) hold across every proxy on the same database.
            let alertSinks: [any BudgetAlertSink] =
                configuration.budgetAlertWebhook.map { [WebhookAlertSink(url: $0, logger: logger)] } ?? []
            let gate = BudgetGate(
                limits: configuration.budget, ledger: StoreCostLedger(store: store), shared: sharedBudget,
                logger: logger, alertSinks: alertSinks)
            // A summary model unknown to the price table is refused now, not at the first long conversation.
            if let model = configuration.summaryModel { _ = try pricing.price(for: model) }
            let semantic = try await openSemantic(configuration, store: store)
            let http = ProviderHTTPClient(
                configuration: .init(
                    connectTimeout: configuration.upstreamConnectTimeout, readTimeout: configuration.upstreamTimeout,
                    maximumConnectionsPerHost: 64))
            let upstream = ProxyUpstream(configuration: configuration, http: http)
            let costGuard = CostGuard(
                pricing: pricing, gate: gate, tokenLimits: configuration.tokenLimits,
                summariser: configuration.summaryModel.map { .model($0, through: upstream) },
                inputTokenCounter: configuration.countsTokensAtProvider ? upstream : nil)
            var clientConfiguration = CachedClientConfiguration()
            clientConfiguration.exact.defaultTTL = configuration.defaultTTL
            clientConfiguration.exact.cacheNonDeterministic = configuration.cacheNonDeterministic
            clientConfiguration.whenStoreUnavailable = configuration.whenStoreUnavailable
            let client = CachedClient(
                upstream: upstream, store: store, semantic: semantic,
                configuration: clientConfiguration, costGuard: costGuard,
                rateLimiter: configuration.rateLimits.map {
                    // The rates hold across every proxy on the same database (see `rate_limits`).
                    RateLimiter(limits: $0, shared: opened.sharedRateBuckets, logger: logger)
                }, logger: logger)
            let service = ProxyService(
                client: client, configuration: configuration, metrics: ProxyMetrics(), gate: gate, logger: logger)
            return ProxyServer(configuration: configuration, client: client, service: service, http: http)
        } catch {
            try? await store.close()
            throw error
        }
    }

    private static func openSemantic(_ configuration: ProxyConfiguration, store: any CacheStorage) async throws
        -> SemanticCache?
    {
        var semanticConfiguration = SemanticCacheConfiguration()
        if let threshold = configuration.semanticThreshold { semanticConfiguration.threshold = threshold }
        if let rate = configuration.semanticMaxWrongHitRate {
            semanticConfiguration.policy = .bounded(maxWrongHitRate: rate)
        }
        if let path = configuration.semanticCalibration {
            semanticConfiguration.calibration = try SimilarityCalibration.load(contentsOf: URL(fileURLWithPath: path))
        }
        semanticConfiguration.cacheNonDeterministic = configuration.cacheNonDeterministic
        semanticConfiguration.indexScan = configuration.semanticIndexScan
        if let entries = configuration.semanticPartitionFrom {
            semanticConfiguration.approximateSearch.minimumEntries = entries
        }
        let embedder: any Embedder
        switch configuration.semantic {
        case .off: return nil
        case .minilm: embedder = try MiniLMEmbedder()
        case .lexical: embedder = LexicalEmbedder()
        }
        return try await SemanticCache.open(
            store: store, embedder: embedder, configuration: semanticConfiguration, logger: configuration.logger)
    }

    private init(
        configuration: ProxyConfiguration, client: CachedClient, service: ProxyService, http: ProviderHTTPClient
    ) {
        self.configuration = configuration
        self.client = client
        self.service = service
        self.http = http
        self.host = ServerHost(name: Self.startErrorName, logger: configuration.logger)
    }

    /// Starts listening and returns the port; throws `ServerStartError` when it cannot listen.
    /// Start and stop from one task at a time.
    @discardableResult
    public func start() async throws -> Int {
        let router = Router(context: ProxyRequestContext.self)
        router.add(middleware: ProviderErrorMiddleware(metrics: service.metrics))
        service.register(on: router)
        let passThrough = PassThroughRoutes(service: service, http: http)
        ModelCallRoutes(service: service, passThrough: passThrough).register(on: router)
        EmbeddingsRoute(service: service, passThrough: passThrough).register(on: router)
        CountTokensRoute(service: service, passThrough: passThrough).register(on: router)
        BatchRoutes(service: service, passThrough: passThrough).register(on: router)
        passThrough.register(on: router)
        // Requests whose head cannot be parsed are answered in the caller's format, not with an empty 400.
        let port = try await host.start(
            router: router, host: configuration.host, port: configuration.port,
            server: MalformedRequestResponder.http1Server(metrics: service.metrics))
        configuration.logger.info(
            "proxy listening",
            metadata: [
                "host": "\(configuration.host)", "port": "\(port)", "cache_mode": "\(configuration.cacheMode.rawValue)",
            ])
        return port
    }

    /// Stops listening, lets the requests in flight finish (up to the configured grace period), then closes
    /// the database (flushing buffered hit bookkeeping) and the upstream connections.
    public func stop() async {
        if await !host.stop(gracePeriod: configuration.shutdownGracePeriod) {
            configuration.logger.warning("requests were still in flight after the grace period; they were cancelled")
        }
        let alreadyClosed = closed.withLock { state -> Bool in
            defer { state = true }
            return state
        }
        if alreadyClosed { return }
        if let gate = service.gate, await !gate.writeOutstanding() {
            let unwritten = await gate.unwrittenRecords
            configuration.logger.error(
                "spend records could not be written to the ledger before stopping",
                metadata: ["records": "\(unwritten)"])
        }
        do {
            try await client.store.close()
        } catch {
            configuration.logger.error("closing the cache database failed", metadata: ["error": "\(error)"])
        }
        try? await http.shutdown()
    }

    /// The port, while running.
    public var port: Int? { host.port }
}
