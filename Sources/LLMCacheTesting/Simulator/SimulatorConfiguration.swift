import CacheStorage
import Foundation
import Logging

/// How a ``ProviderSimulator`` listens and behaves.
public struct SimulatorConfiguration: Sendable {
    /// The address to listen on; loopback by default.
    public var host: String
    /// The port; 0 picks a free one (read it from ``ProviderSimulator/port`` after start).
    public var port: Int
    /// Faults for the first requests, in order, one per request (a request with a fault header uses its own).
    public var faults: [SimulatedFault]
    /// When set, every request needs this key (`x-api-key` or `Authorization: Bearer`), else it gets 401.
    public var requiredAPIKey: String?
    /// The time source of the prompt caches.
    public var clock: any CacheClock
    /// The pricing file with each model's minimum cacheable prompt; `nil` finds `data/pricing.json` as
    /// CostControl does. Without a file, every model's minimum is ``defaultMinimumCacheableTokens``.
    public var pricingFile: URL?
    /// Minimum cacheable tokens per model id, overriding the pricing file.
    public var minimumCacheableTokens: [String: Int]
    /// The minimum for a model the pricing file does not list.
    public var defaultMinimumCacheableTokens: Int
    /// How long OpenAI-style cached prefixes live after their last use.
    public var openAICacheLifetime: Duration
    /// The wait a `429` advises when the fault names none.
    public var defaultRetryAfter: Duration
    /// The delay of a slow first byte when the fault names none.
    public var defaultSlowFirstByte: Duration
    /// A pause between streamed events (zero streams as fast as possible).
    public var streamEventInterval: Duration
    /// The dimension of `/v1/embeddings` vectors when the request does not ask for one.
    public var embeddingDimension: Int
    /// The simulator's logger. It logs routes, statuses and counts, never keys or prompt text.
    public var logger: Logger
    /// How long a batch (either provider's) takes, by ``clock``, from its creation until it ends and its
    /// results can be read.
    public var batchCompletionTime: Duration
    /// How many items of every batch, counted from its end, expire unprocessed when the batch's creation
    /// does not say (with the `x-simulator-batch-expire` header).
    public var batchExpiringItems: Int

    /// The default logger: label `llmcache.simulator`, warnings and above only, so tests stay quiet.
    public static var quietLogger: Logger {
        var logger = Logger(label: "llmcache.simulator")
        logger.logLevel = .warning
        return logger
    }

    /// A configuration; each parameter sets the property of the same name. The defaults listen on a free
    /// loopback port, inject no faults and need no key.
    ///
    /// - Parameters:
    ///   - host: the address to listen on. Default: `127.0.0.1`.
    ///   - port: the port, or 0 for a free one. Default: 0.
    ///   - faults: faults for the first requests, in order. Default: none.
    ///   - requiredAPIKey: the key every request needs, or `nil` for none. Default: `nil`.
    ///   - clock: the time source of the prompt caches. Default: the system clock.
    ///   - pricingFile: the pricing file with each model's minimum cacheable prompt, or `nil` to find
    ///     `data/pricing.json`. Default: `nil`.
    ///   - minimumCacheableTokens: minimum cacheable tokens per model id, overriding the file. Default: none.
    ///   - defaultMinimumCacheableTokens: the minimum for a model the file does not list. Default: 1024.
    ///   - openAICacheLifetime: how long OpenAI-style cached prefixes live after their last use. Default:
    ///     600 seconds.
    ///   - defaultRetryAfter: the wait a `429` advises when the fault names none. Default: 1 second.
    ///   - defaultSlowFirstByte: the delay of a slow first byte when the fault names none. Default: 2 seconds.
    ///   - streamEventInterval: a pause between streamed events. Default: zero.
    ///   - embeddingDimension: the dimension of `/v1/embeddings` vectors by default. Default: 256.
    ///   - logger: the simulator's logger. Default: ``quietLogger``.
    ///   - batchCompletionTime: how long a batch takes until it ends. Default: 1 second.
    ///   - batchExpiringItems: how many items of every batch expire. Default: none.
    public init(
        host: String = "127.0.0.1", port: Int = 0, faults: [SimulatedFault] = [], requiredAPIKey: String? = nil,
        clock: any CacheClock = SystemClock(), pricingFile: URL? = nil, minimumCacheableTokens: [String: Int] = [:],
        defaultMinimumCacheableTokens: Int = 1024, openAICacheLifetime: Duration = .seconds(600),
        defaultRetryAfter: Duration = .seconds(1), defaultSlowFirstByte: Duration = .seconds(2),
        streamEventInterval: Duration = .zero, embeddingDimension: Int = 256,
        logger: Logger = SimulatorConfiguration.quietLogger, batchCompletionTime: Duration = .seconds(1),
        batchExpiringItems: Int = 0
    ) {
        self.batchExpiringItems = batchExpiringItems
        self.batchCompletionTime = batchCompletionTime
        self.host = host
        self.port = port
        self.faults = faults
        self.requiredAPIKey = requiredAPIKey
        self.clock = clock
        self.pricingFile = pricingFile
        self.minimumCacheableTokens = minimumCacheableTokens
        self.defaultMinimumCacheableTokens = defaultMinimumCacheableTokens
        self.openAICacheLifetime = openAICacheLifetime
        self.defaultRetryAfter = defaultRetryAfter
        self.defaultSlowFirstByte = defaultSlowFirstByte
        self.streamEventInterval = streamEventInterval
        self.embeddingDimension = embeddingDimension
        self.logger = logger
    }
}
