import Foundation
import Hummingbird
import LLMCache
import LLMCore
import Providers
import WireFormats

/// OpenAI's Batch API through the proxy, cache first (see ``BatchRoutes``).
extension BatchRoutes {
    func registerOpenAI(on router: Router<ProxyRequestContext>) {
        router.post(RouterPath(stringLiteral: Self.openAIRoute)) { request, _ in
            try await self.guarded(request, dialect: .openAI) { try await self.createOpenAI(request, $0) }
        }
        router.get("/v1/batches/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            guard id.hasPrefix("batch-") else { return try await self.passThrough.forward(request) }
            return try await self.guarded(request, dialect: .openAI) {
                Self.openAIObject(try await self.progress(of: id, controls: $0))
            }
        }
        router.post("/v1/batches/:id/cancel") { request, context in
            let id = context.parameters.get("id") ?? ""
            guard id.hasPrefix("batch-") else { return try await self.passThrough.forward(request) }
            return try await self.guarded(request, dialect: .openAI) {
                Self.openAIObject(try await self.cancel(id, controls: $0))
            }
        }
        router.get("/v1/files/:id/content") { request, context in
            let id = context.parameters.get("id") ?? ""
            let job =
                id.hasPrefix(Self.outputFilePrefix)
                ? id.dropFirst(Self.outputFilePrefix.count) : id.dropFirst(Self.errorFilePrefix.count)
            guard id.hasPrefix(Self.outputFilePrefix) || id.hasPrefix(Self.errorFilePrefix) else {
                return try await self.passThrough.forward(request)
            }
            return try await self.guarded(request, dialect: .openAI) {
                try await self.openAIFile(job: String(job), output: id.hasPrefix(Self.outputFilePrefix), controls: $0)
            }
        }
    }

    private func createOpenAI(_ request: Request, _ controls: CacheControls) async throws -> Response {
        let body = try await service.jsonBody(of: request).json
        guard let fileID = body["input_file_id"]?.stringValue, !fileID.isEmpty else {
            throw InvalidWireRequestError("input_file_id: the id of an uploaded batch input file is required")
        }
        guard let endpoint = body["endpoint"]?.stringValue,
            ["/v1/chat/completions", "/v1/responses"].contains(endpoint)
        else {
            throw InvalidWireRequestError(
                "endpoint: the proxy batches /v1/chat/completions and /v1/responses; other endpoints go to the "
                    + "provider directly")
        }
        guard let upstream = service.client.upstream as? ProxyUpstream,
            let files = try upstream.batchTransport(for: .openAI) as? OpenAIChatTransport
        else { throw ProxyFailure(status: 500, type: nil, message: "the proxy has no OpenAI upstream for batches") }
        let lines = try OpenAIBatchFormat.requests(inInputFile: try await files.fileContent(id: fileID))
        let headers = ProxyService.providerHeaders(of: request)
        let defaultMaxTokens = service.configuration.defaultMaxTokens
        let items = try lines.map { line in
            guard line.url == endpoint else {
                throw InvalidWireRequestError(
                    "the request '\(line.customID)' goes to \(line.url), not the batch's endpoint \(endpoint)")
            }
            var decoded: LLMRequest
            do {
                decoded =
                    endpoint == "/v1/responses"
                    ? try OpenAIResponsesRequestDecoder.request(from: line.body, defaultMaxTokens: defaultMaxTokens)
                    : try OpenAIChatRequestDecoder.request(from: line.body, defaultMaxTokens: defaultMaxTokens)
            } catch let invalid as InvalidWireRequestError {
                throw InvalidWireRequestError("the request '\(line.customID)' of the input file: \(invalid.message)")
            }
            decoded.providerHeaders = headers
            return BatchItem(customID: line.customID, request: decoded)
        }
        let progress = try await service.client.submitBatch(items: items, cache: controls)
        service.logger.info(
            "batch created through the proxy",
            metadata: [
                "job": "\(progress.id)", "items": "\(progress.itemCount)", "cache_hits": "\(progress.cacheHits)",
            ])
        return Self.openAIObject(progress, endpoint: endpoint, inputFileID: fileID)
    }

    /// The output file (the answers) or the error file (the items without one) of job `job`.
    private func openAIFile(job: String, output: Bool, controls: CacheControls) async throws -> Response {
        let (_, answers) = try await answers(of: job, controls: controls)
        let created = ProxyService.now()
        var lines: [JSONValue] = []
        for answer in answers {
            let lineID = "batch_req_\(answer.index + 1)"
            switch answer.outcome {
            case .cacheHit(let cached), .batchResult(let cached):
                guard output else { continue }
                let body =
                    answer.request.wireFormat == .openAIResponses
                    ? OpenAIResponsesResponseEncoder.body(for: cached.response, created: created)
                    : OpenAIChatResponseEncoder.body(for: cached.response, created: created)
                lines.append(
                    OpenAIBatchFormat.resultLine(id: lineID, customID: answer.customID, status: 200, body: body))
            case .failed(let failure):
                guard !output else { continue }
                switch failure.kind {
                case .expired:
                    lines.append(
                        OpenAIBatchFormat.resultLine(
                            id: lineID, customID: answer.customID,
                            error: (
                                "batch_expired",
                                "This request could not be executed before the completion window expired."
                            )))
                case .canceled:
                    lines.append(
                        OpenAIBatchFormat.resultLine(
                            id: lineID, customID: answer.customID,
                            error: ("batch_cancelled", "This request was not executed because the batch was cancelled.")
                        ))
                default:
                    let status = failure.status ?? 500
                    lines.append(
                        OpenAIBatchFormat.resultLine(
                            id: lineID, customID: answer.customID, status: status,
                            body: WireDialect.openAI.errorBody(status: status, message: failure.message)))
                }
            }
        }
        var fields = HTTPFields()
        fields[.contentType] = "application/octet-stream"
        return Response(
            status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONLines.encode(lines)))
        )
    }

    /// The batch object of a proxy job.
    static func openAIObject(_ progress: BatchProgress, endpoint: String? = nil, inputFileID: String = "") -> Response {
        let kinds = progress.failedByKind
        let state: String
        if !progress.isComplete {
            state = "in_progress"
        } else if (kinds[.canceled] ?? 0) > 0 {
            state = "cancelled"
        } else if (kinds[.expired] ?? 0) > 0 {
            state = "expired"
        } else {
            state = "completed"
        }
        var status = status(of: progress, ended: state, running: state)
        status.errored = progress.failed
        let created = Int64(progress.createdAt.timeIntervalSince1970)
        var times: [String: Int64] = ["created_at": created, "in_progress_at": created, "expires_at": created + 86_400]
        if progress.isComplete {
            let now = ProxyService.now()
            times[state == "completed" ? "completed_at" : state + "_at"] = now
            times["finalizing_at"] = now
        }
        let answered = progress.cacheHits + progress.answered
        return HTTPResponses.json(
            OpenAIBatchFormat.batchObject(
                status, total: progress.itemCount, endpoint: endpoint ?? "/v1/chat/completions",
                inputFileID: inputFileID,
                outputFileID: progress.isComplete && answered > 0 ? outputFilePrefix + progress.id : nil,
                errorFileID: progress.isComplete && progress.failed > 0 ? errorFilePrefix + progress.id : nil,
                times: times),
            status: 200)
    }
}
