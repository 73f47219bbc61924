import Foundation
import Hummingbird
import LLMCore

/// The two provider dialects the simulator speaks, and how each writes its errors and ids.
enum WireFormat: Sendable {
    case anthropic
    case openAI

    /// The header that carries the request id.
    var requestIDHeader: String { self == .anthropic ? "request-id" : "x-request-id" }

    /// The error type for a status, in this dialect.
    func errorType(status: Int) -> String {
        switch (self, status) {
        case (.anthropic, 400): return "invalid_request_error"
        case (.anthropic, 401): return "authentication_error"
        case (.anthropic, 404): return "not_found_error"
        case (.anthropic, 429): return "rate_limit_error"
        case (.anthropic, 529): return "overloaded_error"
        case (.anthropic, _): return "api_error"
        case (.openAI, 400): return "invalid_request_error"
        case (.openAI, 401): return "invalid_request_error"
        case (.openAI, 404): return "invalid_request_error"
        case (.openAI, 429): return "rate_limit_exceeded"
        case (.openAI, 529): return "overloaded_error"
        case (.openAI, _): return "server_error"
        }
    }

    /// An error body in this dialect.
    func errorBody(status: Int, message: String, requestID: String) -> JSONValue {
        switch self {
        case .anthropic:
            return [
                "type": "error",
                "error": ["type": .string(errorType(status: status)), "message": .string(message)],
                "request_id": .string(requestID),
            ]
        case .openAI:
            let code: JSONValue = status == 401 ? "invalid_api_key" : (status == 429 ? "rate_limit_exceeded" : .null)
            return [
                "error": [
                    "message": .string(message), "type": .string(errorType(status: status)), "param": .null,
                    "code": code,
                ]
            ]
        }
    }

    /// A mid-stream error event in this dialect (Anthropic's `event: error`, or an OpenAI chunk with `error`).
    func streamErrorEvent(type: String, message: String) -> String {
        switch self {
        case .anthropic:
            let body: JSONValue = ["type": "error", "error": ["type": .string(type), "message": .string(message)]]
            return SSE.event("error", body)
        case .openAI:
            let body: JSONValue = [
                "error": ["type": .string(type), "message": .string(message), "code": .null, "param": .null]
            ]
            return SSE.data(body)
        }
    }
}
