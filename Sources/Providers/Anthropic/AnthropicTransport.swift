import AsyncHTTPClient
import Foundation
import LLMCore
import Logging
import WireFormats

/// Anthropic's Messages API (`POST {baseURL}/v1/messages`) as an `StreamingLLMTransport`.
///
/// Sends `x-api-key` and `anthropic-version`; maps requests with `AnthropicRequestEncoder`, answers with
/// `AnthropicResponseDecoder`, and streams through the server-sent-event parser. Every failure is a
/// `ProviderError` (HTTP status, error type and message, request id, `retry-after`, `x-should-retry`)
/// with the key redacted from its text; a stream that ends without `message_stop` is an error.
public struct AnthropicTransport: StreamingLLMTransport {
    /// Where and how to call the API.
    public struct Configuration: Sendable {
        /// The API root, without `/v1`: `https://api.anthropic.com`, or a simulator's address.
        public var baseURL: String
        /// The key sent as `x-api-key`; `nil` sends none (for a local server that needs none).
        public var apiKey: APIKey?
        /// The `anthropic-version` header.
        public var version: String
        /// Values for the `anthropic-beta` header.
        public var betas: [String]
        /// The longest wait for the response head. After it, the body (a plain answer or a stream) is bounded by
        /// the HTTP client's read timeout, the longest silence between two bytes.
        public var timeout: Duration

        /// A configuration; each parameter sets the property of the same name.
        ///
        /// - Parameters:
        ///   - baseURL: the API root, without `/v1`. Default: `https://api.anthropic.com`.
        ///   - apiKey: the key sent as `x-api-key`, or `nil` for none. Default: `ANTHROPIC_API_KEY` from the
        ///     environment.
        ///   - version: the `anthropic-version` header. Default: `2023-06-01`.
        ///   - betas: values for the `anthropic-beta` header. Default: none.
        ///   - timeout: the longest wait for the response head. Default: 600 seconds.
        public init(
            baseURL: String = "https://api.anthropic.com",
            apiKey: APIKey? = APIKey.fromEnvironment(APIKey.anthropicEnvironmentVariable),
            version: String = "2023-06-01", betas: [String] = [], timeout: Duration = .seconds(600)
        ) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.version = version
            self.betas = betas
            self.timeout = timeout
        }
    }

    /// The configuration.
    public let configuration: Configuration
    /// Anthropic: a request that names another provider is refused (`ProviderMismatchError`).
    public var provider: ProviderID? { .anthropic }
    let exchange: HTTPExchange

    /// A transport over `http` (shared by default).
    public init(
        configuration: Configuration = Configuration(), http: ProviderHTTPClient = .shared,
        logger: Logger = Logger(label: "llmcache.providers.anthropic")
    ) {
        self.configuration = configuration
        self.exchange = HTTPExchange(http: http, provider: .anthropic, apiKey: configuration.apiKey, logger: logger)
    }

    private var url: String { root + "/v1/messages" }

    /// The API root without a trailing `/`.
    var root: String {
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// The request's headers: the caller's `anthropic-version` (else the configured one), the caller's
    /// betas followed by the configured ones, the caller's `anthropic-workspace-id`, the key and `accept`.
    func headers(for request: LLMRequest, stream: Bool) -> [(String, String)] {
        let given = request.providerHeaders
        var headers: [(String, String)] = [("anthropic-version", given["anthropic-version"] ?? configuration.version)]
        if let key = configuration.apiKey { headers.append(("x-api-key", key.secret)) }
        var betas = (given["anthropic-beta"] ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        for beta in configuration.betas where !betas.contains(beta) { betas.append(beta) }
        if !betas.isEmpty { headers.append(("anthropic-beta", betas.joined(separator: ","))) }
        if let workspace = given["anthropic-workspace-id"] { headers.append(("anthropic-workspace-id", workspace)) }
        headers.append(("accept", stream ? "text/event-stream" : "application/json"))
        return headers
    }

    public func send(_ request: LLMRequest) async throws -> LLMResponse {
        let request = try request.addressed(to: provider)
        let body = try CanonicalJSON.encode(AnthropicRequestEncoder.body(for: request, stream: false))
        let response = try await exchange.post(
            url: url, headers: headers(for: request, stream: false), body: body, deadline: configuration.timeout)
        let data = try await exchange.collect(response)
        do {
            return try AnthropicResponseDecoder.response(from: JSONValue.parse(data))
        } catch {
            throw exchange.invalidResponse(response, exchange.redacted(String(describing: error)))
        }
    }

    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        let exchange = self.exchange
        let url = self.url
        let headers = self.headers(for: request, stream: true)
        let timeout = configuration.timeout
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    _ = try request.addressed(to: .anthropic)
                    let body = try CanonicalJSON.encode(AnthropicRequestEncoder.body(for: request, stream: true))
                    let response = try await exchange.post(url: url, headers: headers, body: body, deadline: timeout)
                    let ids = HTTPExchange.headerMap(response.headers)
                    await exchange.pump(
                        response,
                        assembler: AnthropicStreamAssembler(requestID: ids["request-id"] ?? ids["x-request-id"]),
                        into: continuation)
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
