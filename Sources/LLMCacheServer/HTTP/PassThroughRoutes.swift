import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import LLMCore
import Logging
import NIOCore
import NIOHTTP1
import Providers
import WireFormats

/// Every provider route under `/v1` besides the two model calls (models, files, batches, token counting,
/// embeddings, the Responses API…) goes to the provider unchanged and uncached: the method, path, query,
/// headers (but the hop-by-hop ones) and body as they came, streamed both ways, and the provider's status,
/// headers and body back. Anthropic's API root serves a request whose path or headers are Anthropic's
/// (``ProviderErrorMiddleware/dialect(of:)``), OpenAI's the others. Each is counted in the metrics under the
/// route `passthrough`.
///
/// With `upstream_key: server` nothing is passed through: the server's key is for the model calls the proxy
/// budgets and caches, not for whatever a caller sends.
struct PassThroughRoutes: Sendable {
    /// The proxy's service: its configuration, metrics and logger, and how failures are answered.
    let service: ProxyService
    let http: ProviderHTTPClient

    /// Headers that belong to one connection, never forwarded (RFC 9110, section 7.6.1), and the ones the
    /// HTTP client writes itself.
    static let connectionHeaders: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade", "host", "content-length",
    ]

    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]

    func register(on router: Router<ProxyRequestContext>) {
        for method in Self.methods {
            router.on("/v1/**", method: method) { request, _ in
                try await self.forward(request)
            }
        }
    }

    func forward(_ request: Request) async throws -> Response {
        let path = request.uri.path
        if [ProxyService.messagesRoute, ProxyService.chatRoute, ProxyService.responsesRoute].contains(path) {
            throw HTTPError(.methodNotAllowed)
        }
        let started = ContinuousClock.now
        let dialect = ProviderErrorMiddleware.dialect(of: request)
        guard service.configuration.keySource == .forward else {
            return refuse(
                ProxyFailure(
                    status: 403, type: nil,
                    message: "\(request.method.rawValue) \(path) is not forwarded: with upstream_key server the "
                        + "proxy's key is used only for the model calls it budgets and caches"),
                dialect: dialect, started: started)
        }
        var upstream = upstreamRequest(like: request, dialect: dialect)
        let length = request.headers[.contentLength].flatMap(Int64.init)
        let chunked = request.headers[.transferEncoding]?.lowercased().contains("chunked") == true
        if let length, length > 0 {
            upstream.body = .stream(request.body, length: .known(length))
        } else if chunked {
            upstream.body = .stream(request.body, length: .unknown)
        }
        let response: HTTPClientResponse
        do {
            response = try await execute(upstream)
        } catch {
            return refuse(error, dialect: dialect, started: started)
        }
        service.metrics.request(
            route: "passthrough", status: Int(response.status.code), cache: nil,
            seconds: ProxyService.seconds(since: started))
        return Self.relayed(response, fields: Self.fields(of: response))
    }

    /// Sends a model call the caches cannot hold (``UncachedCall``) to the provider as the caller sent it, and
    /// streams the provider's answer back with `x-cache: bypass` and the reason. Counted under the call's
    /// route with the cache label `passthrough`. With `upstream_key: server` it is refused: nothing would price it
    /// for the budget.
    func relay(_ call: UncachedCall, like request: Request, dialect: WireDialect, route: String) async -> Response {
        let started = ContinuousClock.now
        guard service.configuration.keySource == .forward else {
            return service.fail(
                ProxyFailure(
                    status: 400, type: nil,
                    message: "a request with \(call.reason) is not supported with upstream_key server: the proxy "
                        + "cannot price its answer for the budget; send it without \(call.reason)"),
                dialect: dialect, route: route, started: started)
        }
        var upstream = upstreamRequest(like: request, dialect: dialect)
        upstream.body = .bytes(call.body)
        let response: HTTPClientResponse
        do {
            response = try await execute(upstream)
        } catch {
            return service.fail(error, dialect: dialect, route: route, started: started)
        }
        service.metrics.request(
            route: route, status: Int(response.status.code), cache: "passthrough",
            seconds: ProxyService.seconds(since: started))
        var fields = Self.fields(of: response)
        fields.set("bypass", named: CacheResponseHeaders.cache)
        fields.set(
            CacheResponseHeaders.reasonText("\(call.reason): passed through uncached"),
            named: CacheResponseHeaders.reason)
        return Self.relayed(response, fields: fields)
    }

    /// Sends `upstream` to the provider with the upstream time limit.
    /// - Throws: a 502 ``ProxyFailure`` when the provider cannot be reached.
    private func execute(_ upstream: HTTPClientRequest) async throws(ProxyFailure) -> HTTPClientResponse {
        do {
            return try await http.client.execute(upstream, timeout: TimeAmount(service.configuration.upstreamTimeout))
        } catch {
            service.logger.debug("pass-through failed", metadata: ["error": "\(error)"])
            throw ProxyFailure(status: 502, type: nil, message: "the upstream provider is unreachable: \(error)")
        }
    }

    /// The provider's answer with `fields`, its body streamed to the caller as it arrives.
    private static func relayed(_ response: HTTPClientResponse, fields: HTTPFields) -> Response {
        Response(
            status: HTTPResponses.status(Int(response.status.code)), headers: fields,
            body: ResponseBody(asyncSequence: response.body))
    }

    /// A provider answer read whole, for the routes that cache what passes through.
    struct CollectedAnswer: Sendable {
        /// The provider's status (502 when it could not be reached).
        var status: Int
        /// The body as JSON (`null` when it is not JSON).
        var json: JSONValue
        /// The body's bytes.
        var bytes: [UInt8]
        /// The answer to give the caller: status, headers and body as the provider sent them.
        var response: Response
    }

    /// Sends `body` (JSON) to the provider at `request`'s path with `request`'s headers, and reads the whole
    /// answer. A provider that cannot be reached is a 502 in `dialect`.
    func send(_ body: JSONValue, like request: Request, dialect: WireDialect) async throws -> CollectedAnswer {
        var upstream = upstreamRequest(like: request, dialect: dialect)
        upstream.body = .bytes(ByteBuffer(bytes: try CanonicalJSON.encode(body)))
        let response: HTTPClientResponse
        do {
            response = try await execute(upstream)
        } catch {
            return CollectedAnswer(
                status: 502, json: .null, bytes: [], response: HTTPResponses.failure(error, in: dialect))
        }
        let bytes = Array(try await response.body.collect(upTo: 256 * 1024 * 1024).readableBytesView)
        let status = Int(response.status.code)
        let passed = Response(
            status: HTTPResponses.status(status), headers: Self.fields(of: response),
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        return CollectedAnswer(
            status: status, json: (try? JSONValue.parse(bytes: bytes)) ?? .null, bytes: bytes, response: passed)
    }

    /// A request to the provider for `request`'s method and path, with its headers but the connection ones.
    private func upstreamRequest(like request: Request, dialect: WireDialect) -> HTTPClientRequest {
        var upstream = HTTPClientRequest(url: upstreamURL(for: request, dialect: dialect))
        upstream.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headers where !Self.connectionHeaders.contains(field.name.canonicalName) {
            upstream.headers.add(name: field.name.rawName, value: field.value)
        }
        return upstream
    }

    /// The provider's response headers but the connection ones.
    private static func fields(of response: HTTPClientResponse) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in response.headers where !connectionHeaders.contains(name.lowercased()) {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        return fields
    }

    /// The provider URL for `request`: Anthropic's root plus the path, or OpenAI's root (which ends in its
    /// version) plus the path after `/v1`; the query as it came.
    func upstreamURL(for request: Request, dialect: WireDialect) -> String {
        let path = request.uri.path
        var url: String
        switch dialect {
        case .anthropic: url = Self.trimmed(service.configuration.anthropicBaseURL) + path
        case .openAI: url = Self.trimmed(service.configuration.openAIBaseURL) + String(path.dropFirst("/v1".count))
        }
        if let query = request.uri.query, !query.isEmpty { url += "?" + query }
        return url
    }

    private func refuse(_ failure: ProxyFailure, dialect: WireDialect, started: ContinuousClock.Instant) -> Response {
        service.fail(failure, dialect: dialect, route: "passthrough", started: started)
    }

    private static func trimmed(_ base: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}
