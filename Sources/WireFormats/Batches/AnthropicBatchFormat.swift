import Foundation
import LLMCore

/// Anthropic's Message Batches API (`/v1/messages/batches`): the create body, the batch object and the
/// result lines, in both directions (a client reads what a server writes).
public enum AnthropicBatchFormat {
    static func invalid(_ problem: String) -> InvalidProviderBodyError {
        InvalidProviderBodyError(expected: "an Anthropic message batch", problem: problem)
    }

    /// The body of `POST /v1/messages/batches`: `{"requests": [{"custom_id", "params"}]}`, each `params` the
    /// item's request as `POST /v1/messages` takes it (never streamed).
    public static func createBody(_ items: [BatchItem]) throws -> JSONValue {
        let requests: [JSONValue] = try items.map { item in
            [
                "custom_id": .string(item.customID),
                "params": try AnthropicRequestEncoder.body(for: item.request, stream: false),
            ]
        }
        return ["requests": .array(requests)]
    }

    /// The status in a message batch object.
    public static func status(from body: JSONValue) throws -> ProviderBatchStatus {
        guard let id = body["id"]?.stringValue else { throw invalid("no id") }
        guard let state = body["processing_status"]?.stringValue else { throw invalid("no processing_status") }
        let counts = body["request_counts"]
        func count(_ name: String) -> Int { max(counts?[name]?.intValue ?? 0, 0) }
        return ProviderBatchStatus(
            id: id, ended: state == "ended", providerStatus: state, processing: count("processing"),
            succeeded: count("succeeded"), errored: count("errored"), expired: count("expired"),
            canceled: count("canceled"))
    }

    /// The results in a batch's results file (JSON Lines of `{"custom_id", "result": {"type", …}}`).
    public static func results(from data: Data) throws -> [BatchItemResult] {
        try JSONLines.decode(data, expected: "Anthropic batch results").map(result)
    }

    /// One result line.
    static func result(_ line: JSONValue) throws -> BatchItemResult {
        guard let customID = line["custom_id"]?.stringValue else { throw invalid("a result line has no custom_id") }
        guard let result = line["result"], let type = result["type"]?.stringValue else {
            throw invalid("result \(customID) has no type")
        }
        switch type {
        case "succeeded":
            guard let message = result["message"] else { throw invalid("result \(customID) has no message") }
            return BatchItemResult(
                customID: customID, outcome: .succeeded(try AnthropicResponseDecoder.response(from: message)))
        case "errored":
            let error = result["error"] ?? .null
            let kind = error["error"]?["type"]?.stringValue ?? error["type"]?.stringValue
            let status = kind == "invalid_request_error" ? 400 : 500
            let body = Data((try? CanonicalJSON.encode(error)) ?? [])
            return BatchItemResult(
                customID: customID,
                outcome: .errored(ProviderError(status: status, headers: [:], body: body, provider: .anthropic)))
        case "expired":
            return BatchItemResult(customID: customID, outcome: .expired)
        case "canceled":
            return BatchItemResult(customID: customID, outcome: .canceled)
        default:
            throw invalid("result \(customID) has the unknown type \(type)")
        }
    }

    // MARK: The server's side

    /// The items of a `POST /v1/messages/batches` body, each with its `params` as given.
    /// - Throws: `InvalidWireRequestError` naming what is missing.
    public static func requests(inCreateBody body: JSONValue) throws -> [(customID: String, params: JSONValue)] {
        guard let requests = body["requests"]?.arrayValue, !requests.isEmpty else {
            throw InvalidWireRequestError("requests: a non-empty list of {custom_id, params} is required")
        }
        var seen: Set<String> = []
        return try requests.enumerated().map { index, request in
            guard let customID = request["custom_id"]?.stringValue, !customID.isEmpty else {
                throw InvalidWireRequestError("requests.\(index).custom_id: Field required")
            }
            guard seen.insert(customID).inserted else {
                throw InvalidWireRequestError("requests.\(index).custom_id: '\(customID)' is used more than once")
            }
            guard let params = request["params"], case .object = params else {
                throw InvalidWireRequestError("requests.\(index).params: Field required")
            }
            return (customID, params)
        }
    }

    /// A message batch object, as `POST /v1/messages/batches` and `GET /v1/messages/batches/{id}` answer.
    ///
    /// - Parameters:
    ///   - status: the counts and state (`in_progress`, `canceling`, `ended`).
    ///   - createdAt: when the batch was created (written as an RFC 3339 time, as all three are).
    ///   - expiresAt: when its window closes.
    ///   - endedAt: when it ended; `nil` while it runs.
    ///   - resultsURL: where the results are read, once ended.
    public static func batchObject(
        _ status: ProviderBatchStatus, createdAt: Date, expiresAt: Date, endedAt: Date?, resultsURL: String?
    ) -> JSONValue {
        [
            "id": .string(status.id), "type": "message_batch", "processing_status": .string(status.providerStatus),
            "request_counts": [
                "processing": .int(Int64(status.processing)), "succeeded": .int(Int64(status.succeeded)),
                "errored": .int(Int64(status.errored)), "canceled": .int(Int64(status.canceled)),
                "expired": .int(Int64(status.expired)),
            ],
            "ended_at": endedAt.map { .string(rfc3339($0)) } ?? .null, "created_at": .string(rfc3339(createdAt)),
            "expires_at": .string(rfc3339(expiresAt)), "archived_at": .null, "cancel_initiated_at": .null,
            "results_url": resultsURL.map(JSONValue.string) ?? .null,
        ]
    }

    /// `date` as an RFC 3339 time in UTC, to the second.
    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// One line of a results file: `{"custom_id", "result"}` with the message (as `POST /v1/messages`
    /// answers it), the error body, or the bare type.
    public static func resultLine(customID: String, type: String, message: JSONValue? = nil, error: JSONValue? = nil)
        -> JSONValue
    {
        var result: [String: JSONValue] = ["type": .string(type)]
        if let message { result["message"] = message }
        if let error { result["error"] = error }
        return ["custom_id": .string(customID), "result": .object(result)]
    }
}
