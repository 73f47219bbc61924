import HTTPTypes
import Hummingbird
import LLMCache
import LLMCore
import NIOCore
import WireFormats

extension ProxyService {
    /// A streamed answer: on a miss the upstream's events pass through as they arrive, on a hit the stored
    /// answer is replayed; both as server-sent events in the caller's format. A failure before the first
    /// event is a plain error response; one after it is an error event that ends the stream.
    func stream(_ call: Call) async throws -> Response {
        let key = call.callerKey?.apiKey
        let stream = try await ProxyUpstream.$currentCallerKey.withValue(key) {
            try await client.stream(call.request, cache: call.controls)
        }
        var fields = HTTPFields()
        fields[.contentType] = "text/event-stream"
        fields[.cacheControl] = "no-cache"
        CacheResponseHeaders.add(stream.cache, to: &fields)
        let service = self
        return Response(
            status: .ok, headers: fields,
            body: ResponseBody { writer in
                var encoder = StreamEncoder(call)
                var final: LLMResponse?
                do {
                    try await ProxyUpstream.$currentCallerKey.withValue(key) {
                        for try await event in stream {
                            if case .completed(let response) = event { final = response }
                            for text in encoder.encode(event) { try await writer.write(ByteBuffer(string: text)) }
                        }
                    }
                } catch {
                    let failure = ProxyFailure(error, budgetStatus: service.configuration.budgetRefusalStatus)
                    service.logger.warning(
                        "stream failed after it began",
                        metadata: ["route": "\(call.route)", "status": "\(failure.status)"])
                    let type = failure.type ?? call.dialect.errorType(status: failure.status)
                    try await writer.write(ByteBuffer(string: encoder.error(type: type, message: failure.message)))
                }
                try await writer.finish(nil)
                if let final {
                    service.record(stream.cache, response: final, call: call, status: 200)
                } else {
                    service.metrics.request(
                        route: call.route, status: 200, cache: "error",
                        seconds: ProxyService.seconds(since: call.started))
                }
            })
    }
}

/// The event writer of the caller's format.
struct StreamEncoder: Sendable {
    private enum Format {
        case anthropic(AnthropicEventEncoder)
        case openAIChat(OpenAIChatEventEncoder)
        case openAIResponses(OpenAIResponsesEventEncoder)
    }

    private var format: Format

    init(_ call: ProxyService.Call) {
        switch call.wire {
        case .anthropicMessages: format = .anthropic(AnthropicEventEncoder())
        case .openAIChat:
            format = .openAIChat(OpenAIChatEventEncoder(created: ProxyService.now(), includeUsage: call.includeUsage))
        case .openAIResponses: format = .openAIResponses(OpenAIResponsesEventEncoder(created: ProxyService.now()))
        }
    }

    mutating func encode(_ event: StreamEvent) -> [String] {
        switch format {
        case .anthropic(var encoder):
            defer { format = .anthropic(encoder) }
            return encoder.encode(event)
        case .openAIChat(var encoder):
            defer { format = .openAIChat(encoder) }
            return encoder.encode(event)
        case .openAIResponses(var encoder):
            defer { format = .openAIResponses(encoder) }
            return encoder.encode(event)
        }
    }

    mutating func error(type: String, message: String) -> String {
        switch format {
        case .anthropic(let encoder): return encoder.error(type: type, message: message)
        case .openAIChat(let encoder): return encoder.error(type: type, message: message)
        case .openAIResponses(var encoder):
            defer { format = .openAIResponses(encoder) }
            return encoder.error(type: type, message: message)
        }
    }
}
