import AsyncHTTPClient
import CacheStorage
import Foundation
import HTTPTypes
import Hummingbird
import LLMCache
import LLMCore
import Logging
import NIOCore
import Providers
import WireFormats

/// `POST /v1/embeddings`, exact-cached per input item: each item (a string, or a list of token ids) is looked
/// up under the key of the model, `dimensions`, `encoding_format` and the item; only the items not stored go
/// upstream, in one call with the caller's other fields as sent, and the answer is put back together in the
/// caller's order. A batch of 100 inputs with 90 stored sends the 10 others. `user` is not keyed.
///
/// The answer says how it was made: `x-cache` is `hit-exact` (every item stored), `miss` (none) or
/// `partial`, with `x-cache-hits: STORED/ALL`; its `usage` counts the tokens sent upstream now. An upstream
/// error passes through as it came, and nothing of it is stored. A body that is not an embeddings request
/// this route can split (no `input` list of strings or token lists) goes to the provider unchanged. As with
/// every route but the model calls, nothing is forwarded with `upstream_key: server` (embeddings are not
/// priced, so no budget would hold).
struct EmbeddingsRoute: Sendable {
    static let route = "/v1/embeddings"
    /// The cache of embeddings, counted under its own layer.
    static let layer = CacheLayer(rawValue: "embeddings")

    /// The proxy's service: its client (and store), configuration, metrics and logger.
    let service: ProxyService
    let passThrough: PassThroughRoutes

    func register(on router: Router<ProxyRequestContext>) {
        router.post(RouterPath(stringLiteral: Self.route)) { request, _ in
            try await self.handle(request)
        }
    }

    func handle(_ request: Request) async throws -> Response {
        // Embeddings are not priced, so no budget could stop callers spending the server's key on them: with
        // it they are refused like every route but the model calls.
        guard service.configuration.keySource == .forward else { return try await passThrough.forward(request) }
        let started = ContinuousClock.now
        let callerKey = CallerKey(request)
        if callerKey == nil {
            return refuse(
                ProxyFailure(status: 401, type: nil, message: "no API key: send Authorization: Bearer KEY"),
                started: started)
        }
        let controls: CacheControls
        let buffer: ByteBuffer
        let body: JSONValue
        do {
            controls = try service.cacheControls(for: request, callerKey: callerKey)
            (buffer, body) = try await service.jsonBody(of: request)
        } catch {
            return refuse(error, started: started)
        }
        guard let batch = EmbeddingBatch(body) else {
            // Not a shape this route splits: the provider decides.
            var replay = request
            replay.body = RequestBody(buffer: buffer)
            return try await passThrough.forward(replay)
        }
        let namespace = controls.namespace ?? "anonymous"
        let keys = batch.keys()
        var stored: [Int: JSONValue] = [:]
        if !controls.noCache && !controls.forceRefresh {
            for (index, key) in keys.enumerated() {
                if let embedding = await lookUp(
                    key: key, namespace: namespace, maxAge: controls.maxAge)
                {
                    stored[index] = embedding
                }
            }
        }
        let missing = batch.items.indices.filter { stored[$0] == nil }
        var usage: JSONValue = ["prompt_tokens": 0, "total_tokens": 0]
        var model = JSONValue.string(batch.model)
        var fresh: [Int: JSONValue] = [:]
        if !missing.isEmpty {
            let upstream = try await passThrough.send(
                batch.body(with: missing.map { batch.items[$0] }), like: request, dialect: .openAI)
            guard upstream.status == 200, let data = upstream.json["data"]?.arrayValue else {
                service.metrics.request(
                    route: Self.route, status: upstream.status, cache: nil,
                    seconds: ProxyService.seconds(since: started))
                return upstream.response
            }
            for item in data {
                guard let position = item["index"]?.intValue, missing.indices.contains(position),
                    let embedding = item["embedding"]
                else { continue }
                fresh[missing[position]] = embedding
            }
            guard fresh.count == missing.count else {
                return refuse(
                    ProxyFailure(
                        status: 502, type: nil,
                        message: "the provider answered \(data.count) embeddings for \(missing.count) inputs"),
                    started: started)
            }
            usage = upstream.json["usage"] ?? usage
            model = upstream.json["model"] ?? model
            if !controls.noStore {
                await keep(fresh, keys: keys, batch: batch, controls: controls, namespace: namespace)
            }
        }
        await count(hits: stored.count, misses: missing.count)
        let data: [JSONValue] = batch.items.indices.map { index in
            ["object": "embedding", "index": .int(Int64(index)), "embedding": stored[index] ?? fresh[index] ?? .null]
        }
        var fields = HTTPFields()
        let label = stored.count == batch.items.count ? "hit-exact" : (stored.isEmpty ? "miss" : "partial")
        fields.set(label, named: CacheResponseHeaders.cache)
        fields.set("\(stored.count)/\(batch.items.count)", named: "x-cache-hits")
        service.metrics.request(
            route: Self.route, status: 200, cache: label, seconds: ProxyService.seconds(since: started))
        return HTTPResponses.json(
            ["object": "list", "data": .array(data), "model": model, "usage": usage], status: 200, fields: fields)
    }

    /// The stored embedding under `key`, or `nil` (also when the store cannot answer: the item goes upstream).
    private func lookUp(key: String, namespace: String, maxAge: Duration?) async -> JSONValue? {
        guard
            case .hit(let entry)? = try? await service.client.store.lookup(
                namespace: namespace, key: key, maxAge: maxAge, recordHit: true)
        else { return nil }
        return (try? JSONValue.parse(entry.response))?["embedding"]
    }

    private func keep(
        _ fresh: [Int: JSONValue], keys: [String], batch: EmbeddingBatch, controls: CacheControls, namespace: String
    ) async {
        let entries: [NewCacheEntry] = fresh.compactMap { index, embedding in
            guard let bytes = try? CanonicalJSON.encode(["embedding": embedding]) else { return nil }
            return NewCacheEntry(
                namespace: namespace, key: keys[index], provider: ProviderID.openAI.rawValue,
                model: batch.model, ttl: controls.ttl ?? service.configuration.defaultTTL, tags: controls.tags,
                response: Data(bytes))
        }
        do {
            _ = try await service.client.store.insert(contentsOf: entries)
        } catch {
            service.logger.warning("could not store embeddings", metadata: ["error": "\(error)"])
        }
    }

    private func count(hits: Int, misses: Int) async {
        try? await service.client.store.increment(
            layer: Self.layer.rawValue, [CounterName.hits: Int64(hits), CounterName.misses: Int64(misses)])
    }

    private func refuse(_ error: any Error, started: ContinuousClock.Instant) -> Response {
        service.fail(error, dialect: .openAI, route: Self.route, started: started)
    }
}
