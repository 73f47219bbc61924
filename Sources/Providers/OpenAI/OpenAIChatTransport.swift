import AsyncHTTPClient
import Foundation
import LLMCore
import Logging
import WireFormats

/// An OpenAI-compatible Chat Completions API (`POST {baseURL}/chat/completions`) as an
/// `StreamingLLMTransport`: OpenAI itself, OpenRouter, vLLM, Ollama or the simulator, by base URL.
///
/// Sends `Authorization: Bearer` when a key is configured; maps requests with `OpenAIChatRequestEncoder` and
/// answers with `OpenAIChatResponseDecoder`; streams with `stream_options.include_usage` so that the final
/// answer has its usage. Failures are `ProviderError`s with the key redacted; a stream that ends
/// without `[DONE]` after a finish reason is an error. A request written for the Responses API
/// (`LLMRequest.wireFormat` `.openAIResponses`) goes to `POST {baseURL}/responses` instead, with the
/// Responses encoder, decoder and stream assembler of the WireFormats module: one OpenAI transport, one
/// key, one set of headers for both APIs.
public struct OpenAIChatTransport: StreamingLLMTransport {
    /// Where and how to call the API.
    public struct Configuration: Sendable {
        /// The API root including the version segment: `https://api.openai.com/v1`,
        /// `https://openrouter.ai/api/v1`, `http://localhost:11434/v1`.
        public var baseURL: String
        /// The key sent as a bearer token; `nil` sends none.
        public var apiKey: APIKey?
        /// The field that carries `maxTokens`.
        public var tokenLimitField: OpenAIChatRequestEncoder.TokenLimitField
        /// A `prompt_cache_key` sent with every request that has none in its metadata.
        public var promptCacheKey: String?
        /// Extra headers (for example OpenRouter's `HTTP-Referer`); never put a key here.
        public var extraHeaders: [String: String]
        /// The longest wait for the response head. After it, the body (a plain answer or a stream) is bounded by
        /// the HTTP client's read timeout, the longest silence between two bytes.
        public var timeout: Duration

        /// A configuration; each parameter sets the property of the same name.
        ///
        /// - Parameters:
        ///   - baseURL: the API root including the version segment. Default: `https://api.openai.com/v1`.
        ///   - apiKey: the key sent as a bearer token, or `nil` for none. Default: `OPENAI_API_KEY` from the
        ///     environment.
        ///   - tokenLimitField: the field that carries `maxTokens`. Default: `max_completion_tokens`.
        ///   - promptCacheKey: a `prompt_cache_key` for requests that have none. Default: `nil`, none.
        ///   - extraHeaders: extra headers sent with every request; never a key. Default: none.
        ///   - timeout: the longest wait for the response head. Default: 600 seconds.
        public init(
            baseURL: String = "https://api.openai.com/v1",
            apiKey: APIKey? = APIKey.fromEnvironment(APIKey.openAIEnvironmentVariable),
            tokenLimitField: OpenAIChatRequestEncoder.TokenLimitField = .maxCompletionTokens,
            promptCacheKey: String? = nil, extraHeaders: [String: String] = [:], timeout: Duration = .seconds(600)
        ) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.tokenLimitField = tokenLimitField
            self.promptCacheKey = promptCacheKey
            self.extraHeaders = extraHeaders
            self.timeout = timeout
        }
    }

    /// The configuration.
    public let configuration: Configuration
    let exchange: HTTPExchange

    /// A transport over `http` (shared by default).
    public init(
        configuration: Configuration = Configuration(), http: ProviderHTTPClient = .shared,
        logger: Logger = Logger(label: "llmcache.providers.openai")
    ) {
        self.configuration = configuration
        self.exchange = HTTPExchange(http: http, provider: .openAI, apiKey: configuration.apiKey, logger: logger)
    }

    /// OpenAI (also for a compatible server): a request that names another provider is refused
    /// (`ProviderMismatchError`).
    public var provider: ProviderID? { .openAI }

    /// What differs between the two OpenAI APIs: the path, the request and response formats, the stream
    /// assembler. Chosen once per request from ``LLMCore/LLMRequest/wireFormat``.
    struct API: Sendable {
        var path: String
        var body: @Sendable (LLMRequest, Bool) throws -> JSONValue
        var response: @Sendable (JSONValue) throws -> LLMResponse
        var assembler: @Sendable (String?) -> any StreamAssembling
    }

    func api(for request: LLMRequest) -> API {
        switch request.wireFormat {
        case .openAIResponses?:
            return API(
                path: "/responses", body: { try OpenAIResponsesRequestEncoder.body(for: $0, stream: $1) },
                response: OpenAIResponsesResponseDecoder.response(from:),
                assembler: { OpenAIResponsesStreamAssembler(requestID: $0) })
        default:
            let (limit, cacheKey) = (configuration.tokenLimitField, configuration.promptCacheKey)
            return API(
                path: "/chat/completions",
                body: {
                    try OpenAIChatRequestEncoder.body(
                        for: $0, stream: $1, tokenLimitField: limit, promptCacheKey: cacheKey)
                },
                response: OpenAIChatResponseDecoder.response(from:),
                assembler: { OpenAIChatStreamAssembler(requestID: $0) })
        }
    }

    private func url(_ api: API) -> String { root + api.path }

    /// The API root (with its `/v1`) without a trailing `/`.
    var root: String {
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// The request's headers: the configured extra ones, the caller's `openai-organization` and
    /// `openai-project` (which win over configured ones of the same name), the key and `accept`.
    func headers(for request: LLMRequest, stream: Bool) -> [(String, String)] {
        var extra = configuration.extraHeaders
        for name in ["openai-organization", "openai-project"] {
            guard let value = request.providerHeaders[name] else { continue }
            for existing in extra.keys where existing.lowercased() == name { extra[existing] = nil }
            extra[name] = value
        }
        var headers = extra.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let key = configuration.apiKey { headers.append(("authorization", "Bearer \(key.secret)")) }
        headers.append(("accept", stream ? "text/event-stream" : "application/json"))
        return headers
    }

    public func send(_ request: LLMRequest) async throws -> LLMResponse {
        let request = try request.addressed(to: provider)
        let api = api(for: request)
        let response = try await exchange.post(
            url: url(api), headers: headers(for: request, stream: false),
            body: try CanonicalJSON.encode(api.body(request, false)), deadline: configuration.timeout)
        let data = try await exchange.collect(response)
        if let failure = exchange.errorInSuccessBody(response, data) { throw failure }
        do {
            return try api.response(JSONValue.parse(data))
        } catch {
            throw exchange.invalidResponse(response, exchange.redacted(String(describing: error)))
        }
    }

    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        let exchange = self.exchange
        let api = api(for: request)
        let url = self.url(api)
        let headers = self.headers(for: request, stream: true)
        let timeout = configuration.timeout
        let encoded = Result {
            try CanonicalJSON.encode(api.body(request.addressed(to: provider), true))
        }
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let response = try await exchange.post(
                        url: url, headers: headers, body: try encoded.get(), deadline: timeout)
                    let ids = HTTPExchange.headerMap(response.headers)
                    let assembler = api.assembler(ids["x-request-id"] ?? ids["request-id"])
                    await exchange.pump(response, assembler: assembler, into: continuation)
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
