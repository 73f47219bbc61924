import CacheStore
import Foundation
import LLMCore
import Logging

/// A model client with a cache in front: wrap any ``LLMTransport`` and send requests through it.
///
/// ```swift
/// let store = try CacheStore(path: "cache.sqlite")
/// let client = CachedClient(upstream: myTransport, store: store)
/// let answer = try await client.send(request)
/// print(answer.cache.layer, answer.response.text)
/// ```
///
/// The cache fails open: if the store cannot be read or written, the call goes to the provider and a
/// warning is logged; a cache problem never becomes the caller's error.
public struct CachedClient: Sendable {
    /// Where calls that the cache cannot answer go.
    public let upstream: any LLMTransport
    /// The exact response cache.
    public let exact: ExactCache
    /// The client's settings.
    public let configuration: CachedClientConfiguration
    /// Prices usage to report cost and money saved; `nil` leaves money out.
    public let pricer: (any UsagePricer)?
    private let logger: Logger

    public init(
        upstream: any LLMTransport, store: CacheStore, configuration: CachedClientConfiguration = .init(),
        pricer: (any UsagePricer)? = nil, logger: Logger = Logger(label: "llmcache.client")
    ) {
        self.upstream = upstream
        self.exact = ExactCache(store: store, configuration: configuration.exact)
        self.configuration = configuration
        self.pricer = pricer
        self.logger = logger
    }

    /// The store behind the caches.
    public var store: CacheStore { exact.store }

    /// Answers `request` from the cache when it may, from the upstream otherwise, and stores the answer.
    public func send(_ request: LLMRequest, cache controls: CacheControls = CacheControls()) async throws
        -> CachedResponse
    {
        let namespace = controls.namespace ?? configuration.defaultNamespace
        if let reason = exact.bypassReason(for: request, controls: controls) {
            await count([CounterName.bypasses: 1])
            let response = try await upstream.send(request)
            return CachedResponse(
                response: response,
                cache: CacheMetadata(
                    layer: .none, outcome: .bypass, namespace: namespace, bypassReason: reason,
                    costMicros: price(response)))
        }
        let key = try CacheKey(request)

        if controls.forceRefresh {
            await failOpen("drop the entry to refresh") { try await exact.remove(key: key, namespace: namespace) }
        } else if !controls.noCache {
            let found = await failOpen("look up") {
                try await exact.lookup(key: key, namespace: namespace, maxAge: controls.maxAge)
            }
            if let found = found ?? nil {
                let saved = found.entry.costMicros ?? price(found.response)
                await count([
                    CounterName.hits: 1, CounterName.tokensSavedInput: Int64(found.entry.inputTokens),
                    CounterName.tokensSavedOutput: Int64(found.entry.outputTokens),
                    CounterName.moneySavedMicros: saved ?? 0,
                ])
                logger.debug("exact hit", metadata: ["key": "\(key)", "namespace": "\(namespace)"])
                let age = TimeSpan(milliseconds: Int64(Date().timeIntervalSince(found.entry.createdAt) * 1000))
                return CachedResponse(
                    response: found.response,
                    cache: CacheMetadata(
                        layer: .exact, outcome: .hit, key: key, namespace: namespace, age: age, costMicros: 0,
                        savedMicros: saved))
            }
            await count([CounterName.misses: 1])
        }

        let response = try await upstream.send(request)
        let cost = price(response)
        if !controls.noStore && exact.isStorable(response) {
            await failOpen("store") {
                try await exact.store(
                    response, for: request, key: key, namespace: namespace, controls: controls, costMicros: cost)
            }
        }
        return CachedResponse(
            response: response,
            cache: CacheMetadata(
                layer: .none, outcome: controls.noCache || controls.forceRefresh ? .bypass : .miss, key: key,
                namespace: namespace, costMicros: cost))
    }

    private func price(_ response: LLMResponse) -> Int64? {
        pricer?.costMicros(model: response.model, usage: response.usage)
    }

    private func count(_ deltas: [String: Int64]) async {
        await failOpen("count") { try await exact.store.increment(layer: ExactCache.layer, deltas) }
    }

    /// Runs a cache operation; a failure is logged and swallowed so the call goes on uncached.
    private func failOpen<T: Sendable>(_ what: String, _ body: () async throws -> T) async -> T? {
        do {
            return try await body()
        } catch {
            logger.warning("cache unavailable, continuing uncached", metadata: ["operation": "\(what)", "error": "\(error)"])
            return nil
        }
    }
}
