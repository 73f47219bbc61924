import AsyncHTTPClient
import Foundation
import LLMCore
import WireFormats

/// OpenAI's Batch API: the input file is uploaded (`POST /files`, purpose `batch`), the batch created
/// (`POST /batches`) and read (`GET /batches/{id}`), and its output and error files downloaded
/// (`GET /files/{id}/content`).
extension OpenAIChatTransport: LLMBatchTransport {
    /// The headers of a batch call: the configured extra ones, the key, `accept`.
    private var batchHeaders: [(String, String)] {
        headers(for: LLMRequest(model: "", messages: []), stream: false)
    }

    public func submitBatch(_ items: [BatchItem]) async throws -> ProviderBatchStatus {
        let addressed = try items.map {
            BatchItem(customID: $0.customID, request: try $0.request.addressed(to: provider))
        }
        let endpoints = Set(addressed.map { OpenAIBatchFormat.endpoint(of: $0.request) })
        guard endpoints.count <= 1, let endpoint = endpoints.first ?? Optional("/v1/chat/completions") else {
            throw ProviderError(
                kind: .http(status: 400), provider: .openAI, errorType: "invalid_request_error",
                message:
                    "one OpenAI batch goes to one endpoint; send chat completions and responses in separate batches")
        }
        let file = try OpenAIBatchFormat.inputFile(addressed) { try api(for: $0).body($0, false) }
        let fileID = try await upload(file)
        let body = try CanonicalJSON.encode(OpenAIBatchFormat.createBody(inputFileID: fileID, endpoint: endpoint))
        let response = try await exchange.post(
            url: root + "/batches", headers: batchHeaders, body: body, deadline: configuration.timeout)
        return try read(await exchange.collectJSON(response), response, OpenAIBatchFormat.status(from:))
    }

    public func batchStatus(id: String) async throws -> ProviderBatchStatus {
        let (object, response) = try await batchObject(id: id)
        return try read(object, response, OpenAIBatchFormat.status(from:))
    }

    public func batchResults(id: String) async throws -> [BatchItemResult] {
        let (object, response) = try await batchObject(id: id)
        let state = try read(object, response, OpenAIBatchFormat.status(from:))
        guard state.ended else {
            throw ProviderError(
                kind: .http(status: 409), provider: .openAI, errorType: "invalid_request_error",
                message: "batch \(state.id) has not ended (\(state.providerStatus)); poll its status until it ends")
        }
        let files = OpenAIBatchFormat.resultFiles(of: object)
        var results: [BatchItemResult] = []
        for file in [files.output, files.errors].compactMap({ $0 }) {
            let data = try await fileContent(id: file)
            do {
                results += try OpenAIBatchFormat.results(from: data) { body in
                    body["object"]?.stringValue == "response"
                        ? try OpenAIResponsesResponseDecoder.response(from: body)
                        : try OpenAIChatResponseDecoder.response(from: body)
                }
            } catch {
                throw exchange.invalidResponse(response, exchange.redacted(String(describing: error)))
            }
        }
        return results
    }

    public func cancelBatch(id: String) async throws -> ProviderBatchStatus {
        let response = try await exchange.execute(
            .POST, url: root + "/batches/" + (try exchange.pathComponent(id)) + "/cancel", headers: batchHeaders,
            deadline: configuration.timeout)
        return try read(await exchange.collectJSON(response), response, OpenAIBatchFormat.status(from:))
    }

    /// The content of the file `id` (`GET /files/{id}/content`), for example a batch's input, output or
    /// error file.
    public func fileContent(id: String) async throws -> Data {
        let response = try await exchange.execute(
            .GET, url: root + "/files/" + (try exchange.pathComponent(id)) + "/content", headers: batchHeaders,
            deadline: configuration.timeout)
        return try await exchange.collect(response)
    }

    /// Uploads `file` as a batch input file; returns its id.
    private func upload(_ file: [UInt8]) async throws -> String {
        let boundary = "llmcache-" + UUID().uuidString
        var body: [UInt8] = []
        func append(_ text: String) { body += Array(text.utf8) }
        append("--\(boundary)\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n")
        append("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"batch.jsonl\"\r\n")
        append("Content-Type: application/jsonl\r\n\r\n")
        body += file
        append("\r\n--\(boundary)--\r\n")
        let response = try await exchange.execute(
            .POST, url: root + "/files", headers: batchHeaders, body: body,
            contentType: "multipart/form-data; boundary=\(boundary)", deadline: configuration.timeout)
        let object = try await exchange.collectJSON(response)
        guard let id = object["id"]?.stringValue else {
            throw exchange.invalidResponse(response, "the uploaded file's answer has no id")
        }
        return id
    }

    private func batchObject(id: String) async throws -> (JSONValue, HTTPClientResponse) {
        let response = try await exchange.execute(
            .GET, url: root + "/batches/" + (try exchange.pathComponent(id)), headers: batchHeaders,
            deadline: configuration.timeout)
        return (try await exchange.collectJSON(response), response)
    }

    private func read<T>(_ object: JSONValue, _ response: HTTPClientResponse, _ decode: (JSONValue) throws -> T) throws
        -> T
    {
        do {
            return try decode(object)
        } catch {
            throw exchange.invalidResponse(response, exchange.redacted(String(describing: error)))
        }
    }
}
