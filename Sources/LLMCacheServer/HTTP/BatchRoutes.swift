import Foundation
import HTTPTypes
import Hummingbird
import LLMCache
import LLMCore
import Logging
import WireFormats

/// The providers' batch endpoints, cache first: a batch created through the proxy is looked up request by
/// request in the caller's namespace; only the misses go to the provider as a batch; status and results
/// answer for the whole batch in the provider's format, the cached answers and the batch's together, and
/// the batch's answers are stored in the caches and priced at the batch rates when the batch is collected.
///
/// Anthropic: `POST /v1/messages/batches`, `GET /v1/messages/batches/{id}`,
/// `GET /v1/messages/batches/{id}/results`. OpenAI: the input file is uploaded to the provider as usual
/// (`POST /v1/files` passes through); `POST /v1/batches` reads it back, and `GET /v1/batches/{id}` names
/// an output and an error file the proxy serves at `GET /v1/files/{id}/content`. The ids are the proxy's
/// job ids; a batch is visible to the namespace that created it, and cancelled through
/// `POST …/{id}/cancel` of either provider. Other batch routes (listing, deleting) pass through. With
/// `upstream_key: server` every batch route passes through (refused), like other routes.
struct BatchRoutes: Sendable {
    let service: ProxyService
    let passThrough: PassThroughRoutes

    static let anthropicRoute = "/v1/messages/batches"
    static let openAIRoute = "/v1/batches"
    /// The prefixes of the result files the proxy serves.
    static let outputFilePrefix = "llmcache-output-"
    static let errorFilePrefix = "llmcache-errors-"

    func register(on router: Router<ProxyRequestContext>) {
        router.post(RouterPath(stringLiteral: Self.anthropicRoute)) { request, _ in
            try await self.guarded(request, dialect: .anthropic) { try await self.createAnthropic(request, $0) }
        }
        router.get("/v1/messages/batches/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            guard id.hasPrefix("batch-") else { return try await self.passThrough.forward(request) }
            return try await self.guarded(request, dialect: .anthropic) {
                try await self.anthropicStatus(request, id: id, controls: $0)
            }
        }
        router.get("/v1/messages/batches/:id/results") { request, context in
            let id = context.parameters.get("id") ?? ""
            guard id.hasPrefix("batch-") else { return try await self.passThrough.forward(request) }
            return try await self.guarded(request, dialect: .anthropic) {
                try await self.anthropicResults(id: id, controls: $0)
            }
        }
        router.post("/v1/messages/batches/:id/cancel") { request, context in
            let id = context.parameters.get("id") ?? ""
            guard id.hasPrefix("batch-") else { return try await self.passThrough.forward(request) }
            return try await self.guarded(request, dialect: .anthropic) {
                self.anthropicObject(try await self.cancel(id, controls: $0), request: request)
            }
        }
        registerOpenAI(on: router)
        // The routes above make these paths the router's own: the provider's other routes under them
        // (listing, cancelling, deleting, uploads) go to the provider as before.
        let others: [(String, HTTPRequest.Method)] = [
            (Self.anthropicRoute, .get), ("/v1/messages/batches/:id", .delete), (Self.openAIRoute, .get),
            ("/v1/files", .get), ("/v1/files", .post), ("/v1/files/:id", .get), ("/v1/files/:id", .delete),
        ]
        for (path, method) in others {
            router.on(RouterPath(stringLiteral: path), method: method) { request, _ in
                try await self.passThrough.forward(request)
            }
        }
    }

    /// Runs `body` with the caller's controls, under the caller's key; failures become errors in `dialect`.
    func guarded(_ request: Request, dialect: WireDialect, _ body: (CacheControls) async throws -> Response)
        async throws -> Response
    {
        guard service.configuration.keySource == .forward else { return try await passThrough.forward(request) }
        let started = ContinuousClock.now
        let route = request.uri.path
        do {
            guard let key = CallerKey(request) else {
                throw ProxyFailure(
                    status: 401, type: nil,
                    message: dialect == .anthropic
                        ? "no API key: send it in the x-api-key header" : "no API key: send Authorization: Bearer KEY")
            }
            let controls = try service.cacheControls(for: request, callerKey: key)
            let response = try await ProxyUpstream.$currentCallerKey.withValue(key.apiKey) { try await body(controls) }
            service.metrics.request(
                route: "batch", status: Int(response.status.code), cache: nil,
                seconds: ProxyService.seconds(since: started))
            return response
        } catch {
            return service.fail(error, dialect: dialect, route: route, started: started)
        }
    }

    /// The progress of job `id`, when it belongs to the caller's namespace (checked before the provider is
    /// asked anything); collected first when the provider has ended it, so that its results are ready.
    func progress(of id: String, controls: CacheControls) async throws -> BatchProgress {
        let namespace = controls.namespace ?? "anonymous"
        let unknown = ProxyFailure(status: 404, type: nil, message: "no batch '\(id)' was created with this key")
        guard id.hasPrefix("batch-") else { throw unknown }
        let stored: BatchProgress
        do {
            stored = try await service.client.batchStatus(id: id, askingProvider: false)
        } catch is BatchRequestError {
            throw unknown
        }
        guard stored.namespace == namespace || stored.namespace.hasPrefix(namespace + "/") else { throw unknown }
        guard !stored.isComplete, stored.providerBatchID != nil else { return stored }
        do {
            // One poll: collects the job when the provider has ended it.
            _ = try await service.client.batchResults(id: id, polling: BatchPolling(timeout: .zero))
            return try await service.client.batchStatus(id: id, askingProvider: false)
        } catch let running as BatchTimeoutError {
            return running.progress
        }
    }

    /// Cancels job `id` (the caller's) at the provider; its progress afterwards.
    func cancel(_ id: String, controls: CacheControls) async throws -> BatchProgress {
        _ = try await progress(of: id, controls: controls)
        try await service.client.cancelBatch(id: id)
        return try await progress(of: id, controls: controls)
    }

    /// The answers of the complete job `id`; a job still running is a 400 that says to wait.
    func answers(of id: String, controls: CacheControls) async throws -> (BatchProgress, [BatchAnswer]) {
        let progress = try await progress(of: id, controls: controls)
        guard progress.isComplete else {
            throw ProxyFailure(
                status: 400, type: nil,
                message: "batch \(id) has not ended; poll its status until it has, then read its results")
        }
        return (progress, try await service.client.batchResults(id: id, polling: BatchPolling(timeout: .zero)))
    }

    /// The provider's view of a job: counts as the provider would give them for the whole batch.
    static func status(of progress: BatchProgress, ended: String, running: String) -> ProviderBatchStatus {
        let kinds = progress.failedByKind
        let expired = kinds[.expired] ?? 0
        let canceled = kinds[.canceled] ?? 0
        return ProviderBatchStatus(
            id: progress.id, ended: progress.isComplete, providerStatus: progress.isComplete ? ended : running,
            processing: progress.pending, succeeded: progress.cacheHits + progress.answered,
            errored: progress.failed - expired - canceled, expired: expired, canceled: canceled)
    }

    // MARK: Anthropic

    private func createAnthropic(_ request: Request, _ controls: CacheControls) async throws -> Response {
        let body = try await service.jsonBody(of: request).json
        let headers = ProxyService.providerHeaders(of: request)
        let items = try AnthropicBatchFormat.requests(inCreateBody: body).map { entry in
            var decoded: LLMRequest
            do {
                decoded = try AnthropicRequestDecoder.request(from: entry.params)
            } catch let invalid as InvalidWireRequestError {
                throw InvalidWireRequestError("requests '\(entry.customID)'.params: \(invalid.message)")
            }
            decoded.providerHeaders = headers
            return BatchItem(customID: entry.customID, request: decoded)
        }
        let progress = try await service.client.submitBatch(items: items, cache: controls)
        service.logger.info(
            "batch created through the proxy",
            metadata: [
                "job": "\(progress.id)", "items": "\(progress.itemCount)", "cache_hits": "\(progress.cacheHits)",
            ])
        return anthropicObject(progress, request: request)
    }

    private func anthropicStatus(_ request: Request, id: String, controls: CacheControls) async throws -> Response {
        anthropicObject(try await progress(of: id, controls: controls), request: request)
    }

    private func anthropicResults(id: String, controls: CacheControls) async throws -> Response {
        let (_, answers) = try await answers(of: id, controls: controls)
        let lines = answers.map { answer -> JSONValue in
            switch answer.outcome {
            case .cacheHit(let cached), .batchResult(let cached):
                return AnthropicBatchFormat.resultLine(
                    customID: answer.customID, type: "succeeded",
                    message: AnthropicResponseEncoder.body(for: cached.response))
            case .failed(let failure):
                switch failure.kind {
                case .expired: return AnthropicBatchFormat.resultLine(customID: answer.customID, type: "expired")
                case .canceled: return AnthropicBatchFormat.resultLine(customID: answer.customID, type: "canceled")
                default:
                    let status = failure.status ?? 500
                    return AnthropicBatchFormat.resultLine(
                        customID: answer.customID, type: "errored",
                        error: WireDialect.anthropic.errorBody(status: status, message: failure.message))
                }
            }
        }
        var fields = HTTPFields()
        fields[.contentType] = "application/x-jsonl"
        return Response(
            status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONLines.encode(lines)))
        )
    }

    func anthropicObject(_ progress: BatchProgress, request: Request) -> Response {
        let status = Self.status(of: progress, ended: "ended", running: "in_progress")
        let base = Self.origin(of: request)
        return HTTPResponses.json(
            AnthropicBatchFormat.batchObject(
                status, createdAt: progress.createdAt, expiresAt: progress.createdAt.addingTimeInterval(86_400),
                endedAt: progress.isComplete ? Date() : nil,
                resultsURL: progress.isComplete ? "\(base)\(Self.anthropicRoute)/\(progress.id)/results" : nil),
            status: 200)
    }

    /// `scheme://authority` the caller reached the proxy at (`x-forwarded-proto` names the scheme behind a
    /// TLS terminator).
    static func origin(of request: Request) -> String {
        let scheme = request.headers.value(named: "x-forwarded-proto") == "https" ? "https" : "http"
        return "\(scheme)://\(request.head.authority ?? "localhost")"
    }
}
