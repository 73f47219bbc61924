import CacheStorage
import Foundation
import HTTPTypes
import Hummingbird
import LLMCache
import LLMCore
import Logging
import WireFormats

/// Anthropic's `POST /v1/messages/count_tokens`, exact-cached: the key is the canonical body with the
/// `anthropic-beta` set and a non-default `anthropic-version` (the headers that change the count), in the
/// caller's namespace. A count is free at the provider but rate-limited and a round trip away; an agent asks
/// it again and again for the same prompt. Only successful counts are kept; with `upstream_key: server` the
/// route passes through like the others (refused).
struct CountTokensRoute: Sendable {
    static let route = "/v1/messages/count_tokens"
    /// The cache of token counts, counted under its own layer.
    static let layer = CacheLayer(rawValue: "count_tokens")

    /// The proxy's service: its client (and store), configuration, metrics and logger.
    let service: ProxyService
    let passThrough: PassThroughRoutes

    func register(on router: Router<ProxyRequestContext>) {
        router.post(RouterPath(stringLiteral: Self.route)) { request, _ in
            try await self.handle(request)
        }
    }

    func handle(_ request: Request) async throws -> Response {
        guard service.configuration.keySource == .forward else { return try await passThrough.forward(request) }
        let started = ContinuousClock.now
        let controls: CacheControls
        let body: JSONValue
        do {
            controls = try service.cacheControls(for: request, callerKey: CallerKey(request))
            body = try await service.jsonBody(of: request).json
        } catch {
            return service.fail(error, dialect: .anthropic, route: Self.route, started: started)
        }
        let key = Self.key(body: body, headers: ProxyService.providerHeaders(of: request))
        let space = controls.namespace ?? "anonymous"
        if !controls.noCache && !controls.forceRefresh,
            case .hit(let entry)? = try? await service.client.store.lookup(
                namespace: space, key: key, maxAge: controls.maxAge, recordHit: true),
            let stored = try? JSONValue.parse(entry.response)
        {
            try? await service.client.store.increment(layer: Self.layer.rawValue, [CounterName.hits: 1])
            var fields = HTTPFields()
            fields.set("hit-exact", named: CacheResponseHeaders.cache)
            service.metrics.request(
                route: Self.route, status: 200, cache: "hit-exact", seconds: ProxyService.seconds(since: started))
            return HTTPResponses.json(stored, status: 200, fields: fields)
        }
        let answer = try await passThrough.send(body, like: request, dialect: .anthropic)
        if answer.status == 200, answer.json["input_tokens"]?.intValue != nil {
            try? await service.client.store.increment(layer: Self.layer.rawValue, [CounterName.misses: 1])
            if !controls.noStore {
                let model = body["model"]?.stringValue ?? ""
                let entry = NewCacheEntry(
                    namespace: space, key: key, provider: ProviderID.anthropic.rawValue, model: model,
                    ttl: controls.ttl ?? service.configuration.defaultTTL, tags: controls.tags,
                    response: Data(answer.bytes))
                do {
                    _ = try await service.client.store.insert(contentsOf: [entry])
                } catch {
                    service.logger.warning("could not store a token count", metadata: ["error": "\(error)"])
                }
            }
        }
        service.metrics.request(
            route: Self.route, status: answer.status, cache: answer.status == 200 ? "miss" : nil,
            seconds: ProxyService.seconds(since: started))
        var response = answer.response
        if answer.status == 200 { response.headers.set("miss", named: CacheResponseHeaders.cache) }
        return response
    }

    /// SHA-256 of the canonical body and the headers that change the count.
    static func key(body: JSONValue, headers: [String: String]) -> String {
        let document: JSONValue = [
            "v": 1, "kind": "count_tokens", "body": body, "headers": .object(CacheKey.keyedHeaders(headers)),
        ]
        return CacheKey.hexDigest((try? CanonicalJSON.encode(document)) ?? [])
    }
}
