import Foundation

extension ProviderError {
    /// A failure read from an HTTP error response.
    ///
    /// The body may be Anthropic's `{"type": "error", "error": {"type": ..., "message": ...}, "request_id": ...}`
    /// or OpenAI's `{"error": {"message": ..., "type": ..., "code": ...}}`; the error type is `error.type`
    /// (or `error.code` when there is no type) and the request id comes from the `request-id` or
    /// `x-request-id` header, else from the body. A body that is not JSON becomes the message, shortened.
    public init(status: Int, headers: [String: String], body: Data, provider: ProviderID? = nil) {
        let details = Self.details(of: body)
        var lowered: [String: String] = [:]
        for (name, value) in headers { lowered[name.lowercased()] = value }
        self.init(
            kind: .http(status: status), provider: provider, errorType: details.type,
            message: details.message ?? "HTTP \(status)",
            requestID: lowered["request-id"] ?? lowered["x-request-id"] ?? details.requestID, headers: headers)
    }

    /// A failure read from an `error` event in a server-sent-event stream, such as Anthropic's
    /// `{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}`.
    ///
    /// - Parameters:
    ///   - body: the event's data.
    ///   - afterContent: whether any content had reached the caller before the event.
    ///   - provider: the provider that sent it.
    ///   - requestID: the request id of the response that carried the stream.
    ///   - billedUsage: what the provider had billed before the error.
    public init(
        streamEvent body: Data, afterContent: Bool, provider: ProviderID? = nil, requestID: String? = nil,
        billedUsage: Usage? = nil
    ) {
        let details = Self.details(of: body)
        self.init(
            kind: .streamError(type: details.type ?? "unknown_error", afterContent: afterContent), provider: provider,
            errorType: details.type, message: details.message ?? "stream error",
            requestID: requestID ?? details.requestID,
            billedUsage: billedUsage)
    }

    private static func details(of body: Data) -> (type: String?, message: String?, requestID: String?) {
        guard case .object(let top)? = try? JSONValue.parse(body) else {
            let text = String(decoding: body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return (nil, text.isEmpty ? nil : text, nil)
        }
        var type: String?
        var message: String?
        if case .object(let error)? = top["error"] {
            type = error["type"].flatMap(Self.text) ?? error["code"].flatMap(Self.text)
            message = error["message"].flatMap(Self.text)
        } else if case .string(let text)? = top["error"] {
            message = text
        }
        return (type, message, top["request_id"].flatMap(Self.text))
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text) where !text.isEmpty: return text
        case .int(let number): return String(number)
        default: return nil
        }
    }
}
