import Foundation
import Hummingbird
import LLMCore
import WireFormats

/// OpenAI's Batch API: `POST /v1/files` (multipart), `GET /v1/files/{id}`, `GET /v1/files/{id}/content`,
/// `POST /v1/batches`, `GET /v1/batches/{id}` and `POST /v1/batches/{id}/cancel`.
extension SimulatorService {
    static let fileUploadRoute = "POST /v1/files"
    static let fileContentRoute = "GET /v1/files/{id}/content"
    static let openAIBatchCreateRoute = "POST /v1/batches"
    static let openAIBatchStatusRoute = "GET /v1/batches/{id}"
    /// The endpoints a batch may go to.
    static let batchEndpoints: Set<String> = ["/v1/chat/completions", "/v1/responses"]

    func registerOpenAIBatchRoutes(on router: Router<SimulatorRequestContext>) {
        router.post("/v1/files") { request, context in
            _ = self.state.countRequest(Self.fileUploadRoute)
            if let refusal = self.refusal(request, format: .openAI) { return refusal }
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            guard let boundary = Self.header(request, "content-type").flatMap(MultipartForm.boundary(contentType:)),
                let form = MultipartForm(body: Data(body.readableBytesView), boundary: boundary),
                let file = form.part("file"), let purpose = form.part("purpose")
            else {
                return self.errorResponse(
                    .openAI, status: 400, message: "a multipart/form-data body with 'file' and 'purpose' is required",
                    requestID: "req_sim_file")
            }
            let stored = SimulatedBatches.File(
                id: self.batches.makeID("file-sim-"), filename: file.filename ?? "upload",
                purpose: String(decoding: purpose.data, as: UTF8.self), bytes: file.data,
                createdAt: self.configuration.clock.now())
            self.batches.store(stored)
            return Self.json(Self.fileObject(stored))
        }
        router.get("/v1/files/:id") { request, context in
            _ = self.state.countRequest("GET /v1/files/{id}")
            if let refusal = self.refusal(request, format: .openAI) { return refusal }
            guard let file = self.batches.file(context.parameters.get("id") ?? "") else { return self.unknownFile() }
            return Self.json(Self.fileObject(file))
        }
        router.get("/v1/files/:id/content") { request, context in
            _ = self.state.countRequest(Self.fileContentRoute)
            if let refusal = self.refusal(request, format: .openAI) { return refusal }
            guard let file = self.batches.file(context.parameters.get("id") ?? "") else { return self.unknownFile() }
            return Self.response(
                bytes: Array(file.bytes), status: .ok, headers: [], contentType: "application/octet-stream")
        }
        router.post("/v1/batches") { request, context in
            _ = self.state.countRequest(Self.openAIBatchCreateRoute)
            if let refusal = self.refusal(request, format: .openAI) { return refusal }
            guard let body = try await Self.jsonBody(request, context: context) else {
                return self.errorResponse(
                    .openAI, status: 400, message: "the body is not JSON", requestID: "req_sim_batch")
            }
            self.state.rememberBody(body, route: Self.openAIBatchCreateRoute)
            do {
                let batch = try self.createOpenAIBatch(body, request: request)
                self.batches.add(batch)
                return Self.json(Self.openAIBatchObject(batch))
            } catch let invalid as InvalidWireRequestError {
                return self.errorResponse(.openAI, status: 400, message: invalid.message, requestID: "req_sim_batch")
            }
        }
        router.get("/v1/batches/:id") { request, context in
            _ = self.state.countRequest(Self.openAIBatchStatusRoute)
            if let refusal = self.refusal(request, format: .openAI) { return refusal }
            guard let batch = self.advance(context.parameters.get("id") ?? "") else {
                return self.unknownBatch(.openAI)
            }
            return Self.json(Self.openAIBatchObject(batch))
        }
        router.post("/v1/batches/:id/cancel") { request, context in
            _ = self.state.countRequest(Self.openAIBatchStatusRoute)
            if let refusal = self.refusal(request, format: .openAI) { return refusal }
            let id = context.parameters.get("id") ?? ""
            guard self.batches.requestCancel(id) != nil, let batch = self.advance(id) else {
                return self.unknownBatch(.openAI)
            }
            return Self.json(Self.openAIBatchObject(batch))
        }
    }

    private func createOpenAIBatch(_ body: JSONValue, request: Request) throws -> SimulatedBatches.Batch {
        guard let fileID = body["input_file_id"]?.stringValue else {
            throw InvalidWireRequestError("input_file_id: Field required")
        }
        guard let endpoint = body["endpoint"]?.stringValue, Self.batchEndpoints.contains(endpoint) else {
            throw InvalidWireRequestError(
                "endpoint: must be one of \(Self.batchEndpoints.sorted().joined(separator: ", "))")
        }
        guard body["completion_window"]?.stringValue == "24h" else {
            throw InvalidWireRequestError("completion_window: must be '24h'")
        }
        guard let file = batches.file(fileID), file.purpose == "batch" else {
            throw InvalidWireRequestError("input_file_id: no file '\(fileID)' uploaded with purpose 'batch'")
        }
        let lines = try OpenAIBatchFormat.requests(inInputFile: file.bytes)
        if let stray = lines.first(where: { $0.url != endpoint }) {
            throw InvalidWireRequestError(
                "the request '\(stray.customID)' goes to \(stray.url), not the batch's endpoint \(endpoint)")
        }
        let now = configuration.clock.now()
        var batch = SimulatedBatches.Batch(
            id: batches.makeID("batch_sim_"), dialect: .openAI, endpoint: endpoint, inputFileID: fileID,
            items: lines.map { .init(customID: $0.customID, url: $0.url, body: $0.body) }, createdAt: now,
            endsAt: now.addingTimeInterval(configuration.batchCompletionTime.timeInterval),
            expiring: self.expiring(request, count: lines.count))
        batch.metadata = body["metadata"] ?? .null
        return batch
    }

    /// Writes an ended batch's output file (the answers) and error file (the failures, expiries and
    /// cancellations), each only when it has lines.
    func writeOpenAIResultFiles(
        _ batch: inout SimulatedBatches.Batch, _ outcomes: [(SimulatedBatches.Item, ItemOutcome)]
    ) {
        var output: [JSONValue] = []
        var errors: [JSONValue] = []
        for (index, (item, outcome)) in outcomes.enumerated() {
            let lineID = "batch_req_sim_\(index + 1)"
            switch outcome {
            case .succeeded(let body, let requestID):
                output.append(
                    OpenAIBatchFormat.resultLine(
                        id: lineID, customID: item.customID, status: 200, requestID: requestID, body: body))
            case .errored(let status, let body, let requestID):
                errors.append(
                    OpenAIBatchFormat.resultLine(
                        id: lineID, customID: item.customID, status: status, requestID: requestID, body: body))
            case .expired:
                errors.append(
                    OpenAIBatchFormat.resultLine(
                        id: lineID, customID: item.customID,
                        error: (
                            "batch_expired", "This request could not be executed before the completion window expired."
                        )))
            case .canceled:
                errors.append(
                    OpenAIBatchFormat.resultLine(
                        id: lineID, customID: item.customID,
                        error: ("batch_cancelled", "This request was not executed because the batch was cancelled.")))
            }
        }
        let now = configuration.clock.now()
        for (lines, purpose) in [(output, "output"), (errors, "errors")] where !lines.isEmpty {
            let file = SimulatedBatches.File(
                id: batches.makeID("file-sim-"), filename: "\(batch.id)_\(purpose).jsonl", purpose: "batch_output",
                bytes: Data((try? JSONLines.encode(lines)) ?? []), createdAt: now)
            batches.store(file)
            if purpose == "output" { batch.outputFileID = file.id } else { batch.errorFileID = file.id }
        }
    }

    static func openAIBatchObject(_ batch: SimulatedBatches.Batch) -> JSONValue {
        let created = Int64(batch.createdAt.timeIntervalSince1970)
        var times: [String: Int64] = [
            "created_at": created, "in_progress_at": created, "expires_at": created + 86_400,
        ]
        let status: ProviderBatchStatus
        if batch.phase == .ended {
            let ended = Int64((batch.endedAt ?? batch.createdAt).timeIntervalSince1970)
            let state: String
            if batch.canceled > 0 {
                state = "cancelled"
                times["cancelled_at"] = ended
            } else if batch.expired > 0 {
                state = "expired"
                times["expired_at"] = ended
            } else {
                state = "completed"
                times["finalizing_at"] = ended
                times["completed_at"] = ended
            }
            status = ProviderBatchStatus(
                id: batch.id, ended: true, providerStatus: state, succeeded: batch.succeeded, errored: batch.errored)
        } else {
            status = ProviderBatchStatus(
                id: batch.id, ended: false, providerStatus: batch.cancelRequested ? "cancelling" : "in_progress")
        }
        return OpenAIBatchFormat.batchObject(
            status, total: batch.items.count, endpoint: batch.endpoint, inputFileID: batch.inputFileID,
            outputFileID: batch.outputFileID, errorFileID: batch.errorFileID, times: times, metadata: batch.metadata)
    }

    static func fileObject(_ file: SimulatedBatches.File) -> JSONValue {
        [
            "id": .string(file.id), "object": "file", "bytes": .int(Int64(file.bytes.count)),
            "created_at": .int(Int64(file.createdAt.timeIntervalSince1970)), "filename": .string(file.filename),
            "purpose": .string(file.purpose), "status": "processed", "status_details": .null,
        ]
    }

    private func unknownFile() -> Response {
        errorResponse(.openAI, status: 404, message: "No such File object", requestID: "req_sim_file")
    }

    static func json(_ value: JSONValue) -> Response {
        response(bytes: (try? CanonicalJSON.encode(value)) ?? [], status: .ok, headers: [])
    }
}
