import AsyncHTTPClient
import Foundation
import LLMCore
import WireFormats

/// Anthropic's Message Batches API: `POST /v1/messages/batches`, `GET /v1/messages/batches/{id}` and
/// `GET /v1/messages/batches/{id}/results`.
extension AnthropicTransport: LLMBatchTransport {
    private var batchesURL: String { root + "/v1/messages/batches" }

    /// The headers of a batch call: the configured version and betas, the key, `accept`.
    private var batchHeaders: [(String, String)] {
        headers(for: LLMRequest(model: "", messages: []), stream: false)
    }

    public func submitBatch(_ items: [BatchItem]) async throws -> ProviderBatchStatus {
        let addressed = try items.map {
            BatchItem(customID: $0.customID, request: try $0.request.addressed(to: provider))
        }
        let body = try CanonicalJSON.encode(AnthropicBatchFormat.createBody(addressed))
        let response = try await exchange.post(
            url: batchesURL, headers: batchHeaders, body: body, deadline: configuration.timeout)
        return try await status(of: response)
    }

    public func batchStatus(id: String) async throws -> ProviderBatchStatus {
        try status(of: await batchObject(id: id))
    }

    public func batchResults(id: String) async throws -> [BatchItemResult] {
        let object = try await batchObject(id: id)
        let state = try parse(object) { try AnthropicBatchFormat.status(from: $0) }
        guard state.ended else {
            throw ProviderError(
                kind: .http(status: 409), provider: .anthropic, errorType: "invalid_request_error",
                message: "batch \(state.id) has not ended (\(state.providerStatus)); poll its status until it ends")
        }
        // The documented results path under the configured root, not `results_url`: the key goes nowhere else.
        let url = try batchesURL + "/" + exchange.pathComponent(id) + "/results"
        let response = try await exchange.execute(
            .GET, url: url, headers: batchHeaders, deadline: configuration.timeout)
        let data = try await exchange.collect(response)
        do {
            return try AnthropicBatchFormat.results(from: data)
        } catch {
            throw exchange.invalidResponse(response, exchange.redacted(String(describing: error)))
        }
    }

    public func cancelBatch(id: String) async throws -> ProviderBatchStatus {
        let response = try await exchange.execute(
            .POST, url: batchesURL + "/" + (try exchange.pathComponent(id)) + "/cancel", headers: batchHeaders,
            deadline: configuration.timeout)
        return try await status(of: response)
    }

    /// The batch object of `id`, with the response it came in.
    private func batchObject(id: String) async throws -> (json: JSONValue, response: HTTPClientResponse) {
        let url = batchesURL + "/" + (try exchange.pathComponent(id))
        let response = try await exchange.execute(
            .GET, url: url, headers: batchHeaders, deadline: configuration.timeout)
        return (try await exchange.collectJSON(response), response)
    }

    private func status(of response: HTTPClientResponse) async throws -> ProviderBatchStatus {
        try status(of: (await exchange.collectJSON(response), response))
    }

    private func status(of object: (json: JSONValue, response: HTTPClientResponse)) throws -> ProviderBatchStatus {
        try parse(object) { try AnthropicBatchFormat.status(from: $0) }
    }

    private func parse<T>(_ object: (json: JSONValue, response: HTTPClientResponse), _ read: (JSONValue) throws -> T)
        throws -> T
    {
        do {
            return try read(object.json)
        } catch {
            throw exchange.invalidResponse(object.response, exchange.redacted(String(describing: error)))
        }
    }
}
