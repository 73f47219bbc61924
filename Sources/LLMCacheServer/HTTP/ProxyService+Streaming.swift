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
        journal.remember(stream.cache)
        let service = self
        return Response(
            status: .ok, headers: fields,
            body: ResponseBody { writer in
                var encoder = call.streamEncoder()
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

extension ProxyService.Call {
    /// The event writer of the caller's format.
    func streamEncoder() -> any StreamEventEncoding {
        switch wire {
        case .anthropicMessages: AnthropicEventEncoder()
        case .openAIChat: OpenAIChatEventEncoder(created: ProxyService.now(), includeUsage: includeUsage)
        case .openAIResponses: OpenAIResponsesEventEncoder(created: ProxyService.now())
        }
    }
}
