import Foundation
import LLMCore

/// OpenAI's Batch API (`/v1/files` with purpose `batch`, then `/v1/batches`): the input file, the batch
/// object and the output and error files, in both directions (a client reads what a server writes).
public enum OpenAIBatchFormat {
    static func invalid(_ problem: String) -> InvalidProviderBodyError {
        InvalidProviderBodyError(expected: "an OpenAI batch", problem: problem)
    }

    /// The states after which a batch changes no more.
    public static let endedStates: Set<String> = ["completed", "expired", "failed", "cancelled"]

    /// The endpoint a request is batched to: `/v1/responses` for the Responses API, else
    /// `/v1/chat/completions`.
    public static func endpoint(of request: LLMRequest) -> String {
        request.wireFormat == .openAIResponses ? "/v1/responses" : "/v1/chat/completions"
    }

    /// The input file: one line `{"custom_id", "method": "POST", "url", "body"}` per item, each `body`
    /// made by `body` (the endpoint's request encoder, never streamed).
    public static func inputFile(_ items: [BatchItem], body: (LLMRequest) throws -> JSONValue) throws -> [UInt8] {
        try JSONLines.encode(
            items.map { item in
                [
                    "custom_id": .string(item.customID), "method": "POST", "url": .string(endpoint(of: item.request)),
                    "body": try body(item.request),
                ]
            })
    }

    /// The body of `POST /v1/batches` for an uploaded input file.
    public static func createBody(inputFileID: String, endpoint: String) -> JSONValue {
        ["input_file_id": .string(inputFileID), "endpoint": .string(endpoint), "completion_window": "24h"]
    }

    /// The status in a batch object. Before the batch ends, items neither completed nor failed are
    /// processing; after an expiry or cancellation they are expired or cancelled.
    public static func status(from body: JSONValue) throws -> ProviderBatchStatus {
        guard let id = body["id"]?.stringValue else { throw invalid("no id") }
        guard let state = body["status"]?.stringValue else { throw invalid("no status") }
        let counts = body["request_counts"]
        let total = max(counts?["total"]?.intValue ?? 0, 0)
        let completed = max(counts?["completed"]?.intValue ?? 0, 0)
        let failed = max(counts?["failed"]?.intValue ?? 0, 0)
        let left = max(total - completed - failed, 0)
        let ended = endedStates.contains(state)
        return ProviderBatchStatus(
            id: id, ended: ended, providerStatus: state, processing: ended ? 0 : left, succeeded: completed,
            errored: failed + (state == "failed" ? left : 0), expired: state == "expired" ? left : 0,
            canceled: state == "cancelled" ? left : 0)
    }

    /// The files of an ended batch object: the output file and the error file, each when present.
    public static func resultFiles(of body: JSONValue) -> (output: String?, errors: String?) {
        (body["output_file_id"]?.stringValue, body["error_file_id"]?.stringValue)
    }

    /// The results in an output or error file: `{"custom_id", "response": {"status_code", "body"}, "error"}`
    /// per line, each successful body read by `response`.
    public static func results(from data: Data, response: (JSONValue) throws -> LLMResponse) throws
        -> [BatchItemResult]
    {
        try JSONLines.decode(data, expected: "OpenAI batch results").map { line in
            guard let customID = line["custom_id"]?.stringValue else {
                throw invalid("a result line has no custom_id")
            }
            if let error = line["error"], !error.isNull {
                let code = error["code"]?.stringValue ?? ""
                if code == "batch_expired" { return BatchItemResult(customID: customID, outcome: .expired) }
                if code == "batch_cancelled" { return BatchItemResult(customID: customID, outcome: .canceled) }
                let body = Data((try? CanonicalJSON.encode(["error": error])) ?? [])
                return BatchItemResult(
                    customID: customID,
                    outcome: .errored(ProviderError(status: 500, headers: [:], body: body, provider: .openAI)))
            }
            guard let answer = line["response"], let status = answer["status_code"]?.intValue else {
                throw invalid("result \(customID) has neither a response nor an error")
            }
            let body = answer["body"] ?? .null
            guard (200..<300).contains(status) else {
                let data = Data((try? CanonicalJSON.encode(body)) ?? [])
                var headers: [String: String] = [:]
                if let id = answer["request_id"]?.stringValue { headers["x-request-id"] = id }
                return BatchItemResult(
                    customID: customID,
                    outcome: .errored(ProviderError(status: status, headers: headers, body: data, provider: .openAI)))
            }
            return BatchItemResult(customID: customID, outcome: .succeeded(try response(body)))
        }
    }

    // MARK: The server's side

    /// The lines of an input file, each `(custom_id, url, body)`.
    /// - Throws: `InvalidWireRequestError` naming the first line that is not a batch request.
    public static func requests(inInputFile data: Data) throws -> [(customID: String, url: String, body: JSONValue)] {
        let lines: [JSONValue]
        do {
            lines = try JSONLines.decode(data, expected: "a batch input file")
        } catch {
            throw InvalidWireRequestError("the input file is not JSON Lines: \(error)")
        }
        guard !lines.isEmpty else { throw InvalidWireRequestError("the input file has no requests") }
        var seen: Set<String> = []
        return try lines.enumerated().map { index, line in
            guard let customID = line["custom_id"]?.stringValue, !customID.isEmpty else {
                throw InvalidWireRequestError("line \(index + 1): custom_id is required")
            }
            guard seen.insert(customID).inserted else {
                throw InvalidWireRequestError("line \(index + 1): custom_id '\(customID)' is used more than once")
            }
            guard line["method"]?.stringValue == "POST", let url = line["url"]?.stringValue else {
                throw InvalidWireRequestError("line \(index + 1): method must be POST and url is required")
            }
            guard let body = line["body"], case .object = body else {
                throw InvalidWireRequestError("line \(index + 1): body must be an object")
            }
            return (customID, url, body)
        }
    }

    /// A batch object, as `POST /v1/batches` and `GET /v1/batches/{id}` answer.
    ///
    /// - Parameters:
    ///   - status: the state (`validating`, `in_progress`, `completed`, `expired`, …) and counts.
    ///   - total: the number of requests in the input file.
    ///   - endpoint: the endpoint every request goes to.
    ///   - inputFileID: the uploaded input file.
    ///   - outputFileID: the file of answers, once there is one.
    ///   - errorFileID: the file of failed requests, once there is one.
    ///   - times: Unix times by field name (`created_at`, `completed_at`, …); the others are `null`.
    ///   - metadata: the caller's metadata, as given at creation.
    public static func batchObject(
        _ status: ProviderBatchStatus, total: Int, endpoint: String, inputFileID: String, outputFileID: String?,
        errorFileID: String?, times: [String: Int64], metadata: JSONValue = .null
    ) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(status.id), "object": "batch", "endpoint": .string(endpoint), "errors": .null,
            "input_file_id": .string(inputFileID), "completion_window": "24h", "status": .string(status.providerStatus),
            "output_file_id": outputFileID.map(JSONValue.string) ?? .null,
            "error_file_id": errorFileID.map(JSONValue.string) ?? .null,
            "request_counts": [
                "total": .int(Int64(total)), "completed": .int(Int64(status.succeeded)),
                "failed": .int(Int64(status.errored)),
            ],
            "metadata": metadata,
        ]
        for field in [
            "created_at", "in_progress_at", "expires_at", "finalizing_at", "completed_at", "failed_at", "expired_at",
            "cancelling_at", "cancelled_at",
        ] {
            object[field] = times[field].map(JSONValue.int) ?? .null
        }
        return .object(object)
    }

    /// One line of an output or error file: the response (status and body) or, for a request that was
    /// never run, the error (`batch_expired`, `batch_cancelled`).
    public static func resultLine(
        id: String, customID: String, status: Int? = nil, requestID: String? = nil, body: JSONValue? = nil,
        error: (code: String, message: String)? = nil
    ) -> JSONValue {
        let response: JSONValue =
            status.map {
                [
                    "status_code": .int(Int64($0)), "request_id": requestID.map(JSONValue.string) ?? .null,
                    "body": body ?? .null,
                ]
            } ?? .null
        return [
            "id": .string(id), "custom_id": .string(customID), "response": response,
            "error": error.map { ["code": .string($0.code), "message": .string($0.message)] } ?? .null,
        ]
    }
}
