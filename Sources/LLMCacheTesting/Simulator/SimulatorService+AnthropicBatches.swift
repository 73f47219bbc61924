import Foundation
import Hummingbird
import LLMCore
import WireFormats

/// Anthropic's Message Batches: `POST /v1/messages/batches`, `GET /v1/messages/batches/{id}`,
/// `GET /v1/messages/batches/{id}/results` and `POST /v1/messages/batches/{id}/cancel`.
extension SimulatorService {
    static let anthropicBatchCreateRoute = "POST /v1/messages/batches"
    static let anthropicBatchStatusRoute = "GET /v1/messages/batches/{id}"
    static let anthropicBatchResultsRoute = "GET /v1/messages/batches/{id}/results"

    func registerAnthropicBatchRoutes(on router: Router<SimulatorRequestContext>) {
        router.post("/v1/messages/batches") { request, context in
            _ = self.state.countRequest(Self.anthropicBatchCreateRoute)
            if let refusal = self.refusal(request, format: .anthropic) { return refusal }
            guard let body = try await Self.jsonBody(request, context: context) else {
                return self.errorResponse(
                    .anthropic, status: 400, message: "the body is not JSON", requestID: "req_sim_batch")
            }
            let requests: [(customID: String, params: JSONValue)]
            do {
                requests = try AnthropicBatchFormat.requests(inCreateBody: body)
            } catch {
                return self.errorResponse(.anthropic, status: 400, message: "\(error)", requestID: "req_sim_batch")
            }
            self.state.rememberBody(body, route: Self.anthropicBatchCreateRoute)
            let now = self.configuration.clock.now()
            let batch = SimulatedBatches.Batch(
                id: self.batches.makeID("msgbatch_sim_"), dialect: .anthropic, endpoint: "/v1/messages",
                inputFileID: "",
                items: requests.map { .init(customID: $0.customID, url: "/v1/messages", body: $0.params) },
                createdAt: now, endsAt: now.addingTimeInterval(self.configuration.batchCompletionTime.timeInterval),
                expiring: self.expiring(request, count: requests.count))
            self.batches.add(batch)
            return self.anthropicBatchResponse(batch, request: request)
        }
        router.get("/v1/messages/batches/:id") { request, context in
            _ = self.state.countRequest(Self.anthropicBatchStatusRoute)
            if let refusal = self.refusal(request, format: .anthropic) { return refusal }
            guard let batch = self.advance(context.parameters.get("id") ?? "") else {
                return self.unknownBatch(.anthropic)
            }
            return self.anthropicBatchResponse(batch, request: request)
        }
        router.post("/v1/messages/batches/:id/cancel") { request, context in
            _ = self.state.countRequest(Self.anthropicBatchStatusRoute)
            if let refusal = self.refusal(request, format: .anthropic) { return refusal }
            let id = context.parameters.get("id") ?? ""
            guard self.batches.requestCancel(id) != nil, let batch = self.advance(id) else {
                return self.unknownBatch(.anthropic)
            }
            return self.anthropicBatchResponse(batch, request: request)
        }
        router.get("/v1/messages/batches/:id/results") { request, context in
            _ = self.state.countRequest(Self.anthropicBatchResultsRoute)
            if let refusal = self.refusal(request, format: .anthropic) { return refusal }
            guard let batch = self.advance(context.parameters.get("id") ?? "") else {
                return self.unknownBatch(.anthropic)
            }
            guard batch.phase == .ended else {
                return self.errorResponse(
                    .anthropic, status: 400,
                    message: "Batch \(batch.id) has not ended; its results are not available yet",
                    requestID: "req_sim_batch")
            }
            return Self.response(
                bytes: (try? JSONLines.encode(batch.results)) ?? [], status: .ok, headers: [],
                contentType: "application/x-jsonl")
        }
    }

    func unknownBatch(_ format: WireDialect) -> Response {
        errorResponse(format, status: 404, message: "No batch with that id was found", requestID: "req_sim_batch")
    }

    /// The status of an Anthropic batch as the API reports it.
    static func anthropicStatus(_ batch: SimulatedBatches.Batch) -> ProviderBatchStatus {
        guard batch.phase == .ended else {
            return ProviderBatchStatus(
                id: batch.id, ended: false, providerStatus: batch.cancelRequested ? "canceling" : "in_progress",
                processing: batch.items.count)
        }
        return ProviderBatchStatus(
            id: batch.id, ended: true, providerStatus: "ended", succeeded: batch.succeeded, errored: batch.errored,
            expired: batch.expired, canceled: batch.canceled)
    }

    private func anthropicBatchResponse(_ batch: SimulatedBatches.Batch, request: Request) -> Response {
        // HTTP/1.1's `Host` arrives as the request's authority.
        let host =
            request.head.authority ?? Self.header(request, "host") ?? "\(configuration.host):\(configuration.port)"
        let ended = batch.phase == .ended
        let object = AnthropicBatchFormat.batchObject(
            Self.anthropicStatus(batch), createdAt: batch.createdAt,
            expiresAt: batch.createdAt.addingTimeInterval(86_400), endedAt: batch.endedAt,
            resultsURL: ended ? "http://\(host)/v1/messages/batches/\(batch.id)/results" : nil)
        return Self.response(bytes: (try? CanonicalJSON.encode(object)) ?? [], status: .ok, headers: [])
    }

    /// One line of Anthropic's results file.
    static func anthropicResultLine(_ item: SimulatedBatches.Item, _ outcome: ItemOutcome) -> JSONValue {
        switch outcome {
        case .succeeded(let message, _):
            return AnthropicBatchFormat.resultLine(customID: item.customID, type: "succeeded", message: message)
        case .errored(_, let body, _):
            return AnthropicBatchFormat.resultLine(customID: item.customID, type: "errored", error: body)
        case .expired:
            return AnthropicBatchFormat.resultLine(customID: item.customID, type: "expired")
        case .canceled:
            return AnthropicBatchFormat.resultLine(customID: item.customID, type: "canceled")
        }
    }
}
