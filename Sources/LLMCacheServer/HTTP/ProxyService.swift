import CostControl
import Foundation
import HTTPTypes
import Hummingbird
import LLMCache
import LLMCore
import Logging
import NIOCore
import WireFormats

/// The proxy's request handling: reads the caller's key and cache headers, decodes the body in the
/// caller's format, sends it through the ``LLMCache/CachedClient`` and answers in the same format, with the
/// cache's facts in response headers.
struct ProxyService: Sendable {
    let client: CachedClient
    let configuration: ProxyConfiguration
    let metrics: ProxyMetrics
    let gate: BudgetGate?
    let logger: Logger
    /// Recent hits, for `POST /v1/cache/feedback`.
    let journal = HitJournal()
    /// The bodies of recent hits, written back as they were written.
    let hitBodies = HitBodies()

    static let messagesRoute = "/v1/messages"
    static let chatRoute = "/v1/chat/completions"
    static let responsesRoute = "/v1/responses"

    /// The API of each model-call route.
    static func wireFormat(of route: String) -> ProviderProfile.WireFormat {
        switch route {
        case messagesRoute: .anthropicMessages
        case responsesRoute: .openAIResponses
        default: .openAIChat
        }
    }

    /// One decoded call, ready to send.
    struct Call: Sendable {
        var dialect: WireDialect
        /// The API the caller speaks, which the answer is written in.
        var wire: ProviderProfile.WireFormat
        var route: String
        var request: LLMRequest
        var controls: CacheControls
        var callerKey: CallerKey?
        /// OpenAI streams: whether the caller asked for a usage chunk.
        var includeUsage: Bool
        var started: ContinuousClock.Instant
    }

    func register(on router: Router<ProxyRequestContext>) {
        router.get("/healthz") { _, _ in self.health() }
        router.head("/healthz") { _, _ in
            let answer = self.health()
            return Response(status: answer.status, headers: answer.headers)
        }
        router.get("/metrics") { _, _ in
            let bytes = await self.metrics.scrape(
                store: self.client.store, gate: self.gate, rateLimiter: self.client.rateLimiter)
            var fields = HTTPFields()
            fields[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        AdminRoutes(store: client.store, token: configuration.adminToken, gate: gate).register(on: router)
        FeedbackRoute(service: self, journal: journal).register(on: router)
    }

    /// The health answer. Unhealthy only when calls are being refused: with the store down and
    /// pass-through, calls are still answered (uncached).
    func health() -> Response {
        let available = client.store.availability.isAvailable
        let refusing = !available && configuration.whenStoreUnavailable == .fail
        return HTTPResponses.json(
            ["status": refusing ? "unavailable" : "ok", "store": available ? "available" : "unavailable"],
            status: refusing ? 503 : 200)
    }

    /// Answers one model call; every failure becomes an error in the caller's format.
    /// - Throws: ``UncachedCall`` for a call the caches cannot hold, to be passed through as sent.
    func handle(_ request: Request, dialect: WireDialect, route: String) async throws(UncachedCall) -> Response {
        let started = ContinuousClock.now
        do {
            let call = try await decode(request, dialect: dialect, route: route, started: started)
            if call.request.stream { return try await stream(call) }
            let answer = try await ProxyUpstream.$currentCallerKey.withValue(call.callerKey?.apiKey) {
                try await client.send(call.request, cache: call.controls)
            }
            return respond(answer, call: call)
        } catch let uncached as UncachedCall {
            throw uncached
        } catch {
            return fail(error, dialect: dialect, route: route, started: started)
        }
    }

    /// Reads the key, headers and body of a model call.
    func decode(_ request: Request, dialect: WireDialect, route: String, started: ContinuousClock.Instant)
        async throws -> Call
    {
        let callerKey = CallerKey(request)
        if callerKey == nil && configuration.keySource == .forward {
            throw ProxyFailure(
                status: 401, type: nil,
                message: dialect == .anthropic
                    ? "no API key: send it in the x-api-key header" : "no API key: send Authorization: Bearer KEY")
        }
        let controls = try cacheControls(for: request, callerKey: callerKey)
        let (buffer, body) = try await jsonBody(of: request)
        let wire = Self.wireFormat(of: route)
        var decoded: LLMRequest
        do {
            switch wire {
            case .anthropicMessages: decoded = try AnthropicRequestDecoder.request(from: body)
            case .openAIChat:
                decoded = try OpenAIChatRequestDecoder.request(
                    from: body, defaultMaxTokens: configuration.defaultMaxTokens)
            case .openAIResponses:
                decoded = try OpenAIResponsesRequestDecoder.request(
                    from: body, defaultMaxTokens: configuration.defaultMaxTokens)
            }
        } catch let uncached as UncachedWireRequestError {
            throw UncachedCall(reason: uncached.reason, body: buffer)
        }
        decoded.providerHeaders = Self.providerHeaders(of: request)
        let budget = configuration.budget
        if budget.dailyCap != nil || budget.runCap != nil || budget.perRequestMax != nil
            || budget.tagCaps.values.contains(where: { $0.dailyCap != nil || $0.runCap != nil })
        {
            // A cap holds only if no answer can be longer than what was reserved for it.
            decoded.sendsMaxTokens = true
        }
        logger.debug(
            "model call",
            metadata: ["route": "\(route)", "model": "\(decoded.model)", "stream": "\(decoded.stream)"])
        return Call(
            dialect: dialect, wire: wire, route: route, request: decoded, controls: controls, callerKey: callerKey,
            includeUsage: OpenAIChatRequestDecoder.includeUsage(body), started: started)
    }

    /// The body of `request`, read up to the body limit, and its JSON.
    /// - Throws: ``InvalidWireRequestError`` (a 400) when it is not JSON; the limit's error (a 413) when too long.
    func jsonBody(of request: Request) async throws -> (bytes: ByteBuffer, json: JSONValue) {
        let buffer = try await request.body.collect(upTo: configuration.maxBodyBytes)
        do {
            return (buffer, try JSONValue.parse(bytes: Array(buffer.readableBytesView)))
        } catch {
            throw InvalidWireRequestError("the request body is not valid JSON: \(error)")
        }
    }

    /// The provider headers the caller sent that go upstream with the call (``LLMCore/LLMRequest/forwardedHeaderNames``);
    /// repeated fields are joined with commas, as HTTP reads them.
    static func providerHeaders(of request: Request) -> [String: String] {
        var headers: [String: String] = [:]
        for field in request.headers where LLMRequest.forwardedHeaderNames.contains(field.name.canonicalName) {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { $0 + "," + field.value } ?? field.value
        }
        return headers
    }

    /// The cache controls `request`'s headers ask for, in the caller's namespace (the shared one, the key's
    /// digest, or `anonymous`), which a requested namespace is nested in; `namespace` is always set.
    func cacheControls(for request: Request, callerKey: CallerKey?) throws -> CacheControls {
        let namespace = configuration.sharedNamespace ?? callerKey?.namespace ?? "anonymous"
        var controls = try CacheRequestHeaders.controls(request.headers, baseNamespace: namespace)
        controls.caller = callerKey?.namespace
        return controls
    }

    /// A complete answer in the caller's format.
    func respond(_ answer: CachedResponse, call: Call) -> Response {
        let body = hitBodies.body(for: answer, wire: call.wire) { response in
            switch call.wire {
            case .anthropicMessages: HTTPResponses.jsonBytes(AnthropicResponseEncoder.body(for: response))
            case .openAIChat:
                HTTPResponses.jsonBytes(OpenAIChatResponseEncoder.body(for: response, created: Self.now()))
            case .openAIResponses:
                HTTPResponses.jsonBytes(OpenAIResponsesResponseEncoder.body(for: response, created: Self.now()))
            }
        }
        var fields = HTTPFields()
        CacheResponseHeaders.add(answer.cache, to: &fields)
        journal.remember(answer.cache)
        record(answer.cache, response: answer.response, call: call, status: 200)
        return HTTPResponses.json(bytes: body, status: 200, fields: fields)
    }

    /// Counts an answer in the metrics.
    func record(_ cache: CacheMetadata, response: LLMResponse, call: Call, status: Int) {
        metrics.answer(
            cache, inputTokens: response.usage.totalInputTokens, outputTokens: response.usage.outputTokens)
        metrics.request(
            route: call.route, status: status, cache: CacheResponseHeaders.label(cache),
            seconds: Self.seconds(since: call.started))
    }

    /// An error in the caller's format; nothing is cached on an error.
    func fail(_ error: any Error, dialect: WireDialect, route: String, started: ContinuousClock.Instant) -> Response {
        let failure = error as? ProxyFailure ?? ProxyFailure(error, budgetStatus: configuration.budgetRefusalStatus)
        if failure.status >= 500 {
            logger.warning("call failed", metadata: ["route": "\(route)", "status": "\(failure.status)"])
        } else {
            logger.debug(
                "call refused",
                metadata: ["route": "\(route)", "status": "\(failure.status)", "reason": "\(failure.message)"])
        }
        metrics.request(route: route, status: failure.status, cache: nil, seconds: Self.seconds(since: started))
        return HTTPResponses.failure(failure, in: dialect)
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970.rounded(.down)) }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
