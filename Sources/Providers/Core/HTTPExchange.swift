import AsyncHTTPClient
import Foundation
import LLMCore
import Logging
import NIOCore
import NIOHTTP1

/// One provider's way of sending a JSON request and reading the answer, with every failure turned into a
/// ``LLMCore/ProviderError`` whose text has the API key redacted.
struct HTTPExchange: Sendable {
    let http: ProviderHTTPClient
    let provider: ProviderID
    let apiKey: APIKey?
    let logger: Logger

    /// The largest error body read; the rest is dropped.
    static let errorBodyLimit = 64 * 1024
    /// The largest success body read.
    static let responseBodyLimit = 64 * 1024 * 1024

    /// Sends `body` to `url` and returns the response head and body stream when the status is 2xx.
    func post(
        url: String, headers: [(String, String)], body: [UInt8], deadline: Duration
    ) async throws -> HTTPClientResponse {
        try await execute(.POST, url: url, headers: headers, body: body, deadline: deadline)
    }

    /// Sends a `method` request (with `body` of `contentType`, when given) to `url` and returns the response
    /// head and body stream when the status is 2xx.
    func execute(
        _ method: HTTPMethod, url: String, headers: [(String, String)], body: [UInt8]? = nil,
        contentType: String = "application/json", deadline: Duration
    ) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.replaceOrAdd(name: "content-type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let bodyBytes = body?.count ?? 0
        logger.debug(
            "provider request",
            metadata: ["provider": "\(provider)", "method": "\(method)", "url": "\(url)", "bytes": "\(bodyBytes)"])
        let response: HTTPClientResponse
        do {
            response = try await http.client.execute(request, timeout: TimeAmount(deadline), logger: logger)
        } catch {
            throw mapTransportError(error, url: url)
        }
        let headerMap = Self.headerMap(response.headers)
        logger.debug(
            "provider response",
            metadata: [
                "provider": "\(provider)", "status": "\(response.status.code)",
                "request-id": "\(headerMap["request-id"] ?? headerMap["x-request-id"] ?? "-")",
            ])
        guard (200..<300).contains(Int(response.status.code)) else {
            var bytes = Data()
            do {
                for try await chunk in response.body {
                    if bytes.count < Self.errorBodyLimit { bytes.append(contentsOf: chunk.readableBytesView) }
                }
            } catch {
                logger.debug("error body unreadable", metadata: ["error": "\(redacted(String(describing: error)))"])
            }
            throw redacted(
                ProviderError(status: Int(response.status.code), headers: headerMap, body: bytes, provider: provider))
        }
        return response
    }

    /// Reads a whole success body.
    func collect(_ response: HTTPClientResponse) async throws -> Data {
        do {
            let buffer = try await response.body.collect(upTo: Self.responseBodyLimit)
            return Data(buffer.readableBytesView)
        } catch {
            throw mapTransportError(error)
        }
    }

    /// Reads a whole success body as JSON; a body that is not JSON is an invalid response.
    func collectJSON(_ response: HTTPClientResponse) async throws -> JSONValue {
        let data = try await collect(response)
        do {
            return try JSONValue.parse(data)
        } catch {
            throw invalidResponse(response, redacted("the body is not JSON: \(error)"))
        }
    }

    /// `id`, a provider's id of a batch or file, when it is safe to put in a URL path (letters, digits,
    /// `_` and `-`); otherwise an error that says so.
    func pathComponent(_ id: String) throws -> String {
        let allowed = id.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == 0x5F || byte == 0x2D
        }
        guard allowed, !id.isEmpty, id.utf8.count <= 256 else {
            throw ProviderError(
                kind: .http(status: 400), provider: provider, errorType: "invalid_request_error",
                message: "'\(redacted(id))' is not a batch or file id (letters, digits, '_' and '-' only)")
        }
        return id
    }

    /// A response body that is not what the provider's format promises.
    func invalidResponse(_ response: HTTPClientResponse, _ problem: String) -> ProviderError {
        let headers = Self.headerMap(response.headers)
        return redacted(
            ProviderError(
                kind: .http(status: Int(response.status.code)), provider: provider, errorType: "invalid_response",
                message: problem, requestID: headers["request-id"] ?? headers["x-request-id"], headers: headers))
    }

    /// Some OpenAI-compatible gateways answer 200 with `{"error": {...}}` and no result. That is a failure with
    /// the status in `error.code` when it is one (else 502, a bad answer from upstream).
    func errorInSuccessBody(_ response: HTTPClientResponse, _ data: Data) -> ProviderError? {
        guard let body = try? JSONValue.parse(data), let error = body["error"], !error.isNull,
            body["choices"] == nil, body["id"] == nil
        else { return nil }
        let code = error["code"]?.intValue.flatMap { (400..<600).contains($0) ? $0 : nil } ?? 502
        return redacted(
            ProviderError(status: code, headers: Self.headerMap(response.headers), body: data, provider: provider))
    }

    /// A failure without an HTTP answer: timeouts become ``ProviderError/Kind/timeout``, everything else
    /// ``ProviderError/Kind/connectionFailed``, naming `url` (when the request had not been answered yet) and
    /// the cause once. Cancellation stays cancellation.
    func mapTransportError(_ error: any Error, url: String? = nil) -> any Error {
        if error is CancellationError || error is ProviderError { return error }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .connectTimeout, .readTimeout, .deadlineExceeded, .getConnectionFromPoolTimeout,
                .tlsHandshakeTimeout, .writeTimeout:
                return ProviderError(
                    kind: .timeout, provider: provider, message: redacted(String(describing: clientError)))
            case .cancelled where Task.isCancelled:
                return CancellationError()
            default:
                break
            }
        }
        let cause = TransportFailureCause.text(of: error)
        let message = url.map { "could not reach \($0): \(cause)" } ?? cause
        return ProviderError(kind: .connectionFailed, provider: provider, message: redacted(message))
    }

    /// `text` without the API key.
    func redacted(_ text: String) -> String { apiKey?.redact(text) ?? text }

    /// `error` with the API key removed from its message and headers.
    func redacted(_ error: ProviderError) -> ProviderError {
        guard let apiKey else { return error }
        var copy = error
        copy.message = apiKey.redact(error.message)
        copy.headers = error.headers.mapValues(apiKey.redact)
        copy.errorType = error.errorType.map(apiKey.redact)
        return copy
    }

    /// Header names lowercased; repeated headers joined with `, `.
    static func headerMap(_ headers: HTTPHeaders) -> [String: String] {
        var map: [String: String] = [:]
        for (name, value) in headers {
            let key = name.lowercased()
            if let existing = map[key] { map[key] = existing + ", " + value } else { map[key] = value }
        }
        return map
    }
}
