import CostControl
import Foundation
import HTTPTypes
import Hummingbird
import LLMCore
import Logging
import NIOCore
import WireFormats

/// The simulator's request handling, shared by its routes: counting, authentication, faults, JSON bodies.
struct SimulatorService: Sendable {
    let configuration: SimulatorConfiguration
    let state: SimulatorState
    let anthropicCache = AnthropicPromptCache()
    let openAICache = OpenAIPromptCache()
    let batches = SimulatedBatches()
    let pricing: PricingTable?

    /// The routes and the dialect each speaks.
    static let messagesRoute = "POST /v1/messages"
    static let chatRoute = "POST /v1/chat/completions"
    static let embeddingsRoute = "POST /v1/embeddings"
    static let responsesRoute = "POST /v1/responses"
    static let statsRoute = "GET /simulator/stats"

    init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
        self.state = SimulatorState(faults: configuration.faults)
        var table: PricingTable?
        do {
            let url = try configuration.pricingFile ?? PricingFileLocator.locate()
            table = try PricingTable.load(contentsOf: url, logger: configuration.logger)
        } catch {
            configuration.logger.warning(
                "no pricing file; every model's minimum cacheable prompt is the default",
                metadata: ["default": "\(configuration.defaultMinimumCacheableTokens)", "error": "\(error)"])
        }
        self.pricing = table
    }

    /// The model's minimum cacheable prompt, in tokens.
    func minimumCacheableTokens(model: String) -> Int {
        if let override = configuration.minimumCacheableTokens[model] { return override }
        return pricing?.resolve(model)?.minCacheableTokens ?? configuration.defaultMinimumCacheableTokens
    }

    func register(on router: Router<SimulatorRequestContext>) {
        router.post("/v1/messages") { request, context in
            try await self.handle(request, context: context, route: Self.messagesRoute, format: .anthropic) {
                body, call in try self.reply(self.anthropicMessages(body, call: call), call: call)
            }
        }
        router.post("/v1/chat/completions") { request, context in
            try await self.handle(request, context: context, route: Self.chatRoute, format: .openAI) {
                body, call in try self.reply(self.openAIChat(body, call: call), call: call)
            }
        }
        router.post("/v1/responses") { request, context in
            try await self.handle(request, context: context, route: Self.responsesRoute, format: .openAI) {
                body, call in try self.reply(self.openAIResponses(body, call: call), call: call)
            }
        }
        router.post("/v1/embeddings") { request, context in
            try await self.handle(request, context: context, route: Self.embeddingsRoute, format: .openAI) {
                body, call in try self.embeddings(body, call: call)
            }
        }
        router.get("/simulator/stats") { _, _ in
            _ = self.state.countRequest(Self.statsRoute)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(self.state.statistics)
            return Self.response(bytes: Array(data), status: .ok, headers: [])
        }
        registerBatchRoutes(on: router)
        registerOtherRoutes(on: router)
        // What the last request on a route carried, for checks of what a proxy passed on (`?route=POST%20/v1/messages`).
        router.get("/simulator/last-request") { request, _ in
            let route = request.uri.queryParameters.get("route") ?? ""
            var headers: [String: JSONValue] = [:]
            for (name, value) in self.state.lastHeaders(route: route) ?? [:] { headers[name] = .string(value) }
            let answer: JSONValue = ["body": self.state.lastBody(route: route) ?? .null, "headers": .object(headers)]
            return Self.response(bytes: (try? CanonicalJSON.encode(answer)) ?? [], status: .ok, headers: [])
        }
    }

    /// What a route handler knows about the call besides its body.
    struct Call: Sendable {
        var route: String
        var format: WireDialect
        var requestID: String
        var sequence: Int
        var fault: SimulatedFault?
    }

    /// A request the simulator refuses with 400 and this message.
    struct InvalidRequest: Error {
        var message: String
    }

    /// The connection was dropped on purpose.
    struct DroppedConnection: Error {}

    private func handle(
        _ request: Request, context: SimulatorRequestContext, route: String, format: WireDialect,
        answer: @Sendable (JSONValue, Call) throws -> Response
    ) async throws -> Response {
        let sequence = state.countRequest(route)
        let requestID = "req_sim_" + String(sequence, radix: 10).leftPadded(to: 8)
        let logger = configuration.logger
        if let required = configuration.requiredAPIKey, Self.presentedKey(request) != required {
            logger.debug("rejected a request without the expected key", metadata: ["route": "\(route)"])
            // Like some providers, echo what was presented: clients must not repeat it in their errors.
            let presented = Self.presentedKey(request) ?? ""
            return errorResponse(
                format, status: 401, message: "Incorrect API key provided: \(presented)", requestID: requestID)
        }
        var fault: SimulatedFault?
        if let value = Self.header(request, SimulatedFault.headerName) {
            fault = SimulatedFault(
                headerValue: value, defaultWait: configuration.defaultRetryAfter,
                defaultDelay: configuration.defaultSlowFirstByte)
        } else {
            fault = state.takeQueuedFault()
        }
        if let fault {
            state.countFault(fault)
            logger.debug("injecting a fault", metadata: ["route": "\(route)", "fault": "\(fault)"])
        }
        switch fault {
        case .dropConnection?:
            context.channel.close(promise: nil)
            throw DroppedConnection()
        case .slowFirstByte(let delay)?:
            try await Task.sleep(for: delay)
        case let status? where status.status != nil:
            return faultResponse(status, format: format, requestID: requestID)
        default:
            break
        }
        let body: JSONValue
        do {
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            body = try JSONValue.parse(Data(buffer.readableBytesView))
        } catch {
            return errorResponse(format, status: 400, message: "the body is not JSON", requestID: requestID)
        }
        state.rememberBody(body, route: route)
        var headers: [String: String] = [:]
        for field in request.headers where !["x-api-key", "authorization"].contains(field.name.canonicalName) {
            headers[field.name.canonicalName] =
                headers[field.name.canonicalName].map { $0 + "," + field.value } ?? field.value
        }
        state.rememberHeaders(headers, route: route)
        do {
            let call = Call(route: route, format: format, requestID: requestID, sequence: sequence, fault: fault)
            let response = try answer(body, call)
            logger.debug("answered", metadata: ["route": "\(route)", "request-id": "\(requestID)"])
            return response
        } catch let invalid as InvalidRequest {
            return errorResponse(format, status: 400, message: invalid.message, requestID: requestID)
        }
    }

    private func faultResponse(_ fault: SimulatedFault, format: WireDialect, requestID: String) -> Response {
        let status = fault.status ?? 500
        var headers: [(String, String)] = []
        let message: String
        switch fault {
        case .rateLimited(let wait):
            let millis = wait.saturatedMilliseconds
            if millis % 1000 == 0 {
                headers.append(("retry-after", String(millis / 1000)))
            } else {
                headers.append(("retry-after-ms", String(millis)))
            }
            headers.append(("x-should-retry", "true"))
            message = "Number of requests has exceeded your rate limit (simulated)."
        case .unavailable:
            headers.append(("retry-after", "1"))
            headers.append(("x-should-retry", "true"))
            message = "Service unavailable (simulated)."
        case .overloaded:
            headers.append(("x-should-retry", "true"))
            message = "Overloaded"
        case .serverError:
            headers.append(("x-should-retry", "true"))
            message = "Internal server error (simulated)."
        case .unauthorized:
            headers.append(("x-should-retry", "false"))
            message = "invalid x-api-key"
        default:
            headers.append(("x-should-retry", "false"))
            message = "The request was refused (simulated)."
        }
        return errorResponse(format, status: status, message: message, requestID: requestID, headers: headers)
    }

    func errorResponse(
        _ format: WireDialect, status: Int, message: String, requestID: String, headers: [(String, String)] = []
    ) -> Response {
        let body = format.errorBody(status: status, message: message, requestID: requestID)
        return Self.response(
            bytes: (try? CanonicalJSON.encode(body)) ?? [], status: Self.status(status),
            headers: headers + [(format.requestIDHeader, requestID)])
    }

    static func status(_ code: Int) -> HTTPResponse.Status {
        switch code {
        case 529: return HTTPResponse.Status(code: 529, reasonPhrase: "Overloaded")
        default: return HTTPResponse.Status(code: code)
        }
    }

    static func response(
        bytes: [UInt8], status: HTTPResponse.Status, headers: [(String, String)],
        contentType: String = "application/json"
    ) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = contentType
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A JSON answer, or for a `cut-stream` fault a body that stops halfway and closes the connection.
    func jsonAnswer(_ value: JSONValue, call: Call) throws -> Response {
        let bytes = try CanonicalJSON.encode(value)
        let headers = [(call.format.requestIDHeader, call.requestID)]
        guard call.fault == .cutStream else { return Self.response(bytes: bytes, status: .ok, headers: headers) }
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        let half = Array(bytes.prefix(bytes.count / 2))
        return Response(
            status: .ok, headers: fields,
            body: ResponseBody(contentLength: bytes.count) { writer in
                try await writer.write(ByteBuffer(bytes: half))
                throw DroppedConnection()
            })
    }

    /// What a model route answers: one JSON body, or a stream of pre-written events.
    enum Reply {
        case json(JSONValue)
        case events([String])
    }

    /// The response that carries `reply`.
    func reply(_ reply: Reply, call: Call) throws -> Response {
        switch reply {
        case .json(let value): return try jsonAnswer(value, call: call)
        case .events(let events): return eventStream(events, call: call)
        }
    }

    /// A `text/event-stream` answer from pre-written events; `complete` false ends it without error after them.
    func eventStream(_ events: [String], call: Call) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "text/event-stream"
        fields[.cacheControl] = "no-cache"
        if let field = HTTPField.Name(call.format.requestIDHeader) { fields[field] = call.requestID }
        let interval = configuration.streamEventInterval
        return Response(
            status: .ok, headers: fields,
            body: ResponseBody { writer in
                for event in events {
                    try await writer.write(ByteBuffer(string: event))
                    if interval > .zero { try await Task.sleep(for: interval) }
                }
                try await writer.finish(nil)
            })
    }

    /// Records the usage an answer reported.
    func record(_ call: Call, responseID: String, model: String, stream: Bool, usage: Usage, wireUsage: JSONValue) {
        state.record(
            SimulatedCall(
                route: call.route, requestID: call.requestID, responseID: responseID, model: model, stream: stream,
                usage: usage, wireUsage: wireUsage))
    }

    /// The value of header `name`, if present.
    static func header(_ request: Request, _ name: String) -> String? {
        guard let field = HTTPField.Name(name) else { return nil }
        return request.headers[field]
    }

    /// The key a request presents: `x-api-key`, or the bearer token of `Authorization`.
    static func presentedKey(_ request: Request) -> String? {
        if let key = header(request, "x-api-key") { return key }
        guard let authorization = header(request, "authorization") else { return nil }
        let prefix = "Bearer "
        return authorization.hasPrefix(prefix) ? String(authorization.dropFirst(prefix.count)) : nil
    }

    /// A digest of a request body that ignores what cannot change the answer (`stream`, `stream_options`,
    /// prompt-cache markers, metadata).
    static func answerDigest(_ body: JSONValue) -> String {
        func strip(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(let members):
                var kept: [String: JSONValue] = [:]
                for (key, member) in members where key != "cache_control" { kept[key] = strip(member) }
                return .object(kept)
            case .array(let elements): return .array(elements.map(strip))
            default: return value
            }
        }
        var top = body
        if case .object(var members) = body {
            for key in ["stream", "stream_options", "metadata", "prompt_cache_key", "user"] { members[key] = nil }
            top = .object(members)
        }
        return SimulatedAnswer.digest((try? CanonicalJSON.encode(strip(top))) ?? [])
    }

    /// Splits text into stream-sized pieces (at most 24 characters).
    static func pieces(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if current.count >= 24 {
                out.append(current)
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}

extension String {
    /// This text with zeros in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
