import AsyncHTTPClient
import Foundation
import LLMCacheTesting
import LLMCore
import NIOCore
import Providers
import Testing

@Suite("Faults map to the error taxonomy")
struct FaultMappingTests {
    struct Expectation: Sendable, CustomStringConvertible {
        var fault: SimulatedFault
        var stream: Bool
        var kind: ProviderError.Kind
        var transience: ProviderError.Transience
        var errorType: String?
        var wait: Duration?
        var description: String { "\(fault)\(stream ? " (stream)" : "")" }
    }

    static let cases: [Expectation] = [
        .init(
            fault: .rateLimited(retryAfter: .seconds(3)), stream: false, kind: .http(status: 429),
            transience: .transient, errorType: "rate_limit_error", wait: .seconds(3)),
        .init(
            fault: .rateLimited(retryAfter: .milliseconds(250)), stream: true, kind: .http(status: 429),
            transience: .transient, errorType: "rate_limit_error", wait: .milliseconds(250)),
        .init(
            fault: .serverError, stream: false, kind: .http(status: 500), transience: .transient, errorType: "api_error"
        ),
        .init(
            fault: .unavailable, stream: false, kind: .http(status: 503), transience: .transient,
            errorType: "api_error",
            wait: .seconds(1)),
        .init(
            fault: .overloaded, stream: true, kind: .http(status: 529), transience: .transient,
            errorType: "overloaded_error"),
        .init(
            fault: .badRequest, stream: false, kind: .http(status: 400), transience: .permanent,
            errorType: "invalid_request_error"),
        .init(
            fault: .unauthorized, stream: false, kind: .http(status: 401), transience: .permanent,
            errorType: "authentication_error"),
        .init(fault: .dropConnection, stream: false, kind: .connectionFailed, transience: .transient),
        .init(fault: .dropConnection, stream: true, kind: .connectionFailed, transience: .transient),
        .init(fault: .cutStream, stream: false, kind: .connectionFailed, transience: .transient),
        .init(
            fault: .cutStream, stream: true, kind: .streamError(type: "incomplete_stream", afterContent: true),
            transience: .permanent, errorType: "incomplete_stream"),
        .init(
            fault: .streamError(beforeContent: true), stream: true,
            kind: .streamError(type: "overloaded_error", afterContent: false), transience: .transient,
            errorType: "overloaded_error"),
        .init(
            fault: .streamError(beforeContent: false), stream: true,
            kind: .streamError(type: "overloaded_error", afterContent: true), transience: .permanent,
            errorType: "overloaded_error"),
        .init(fault: .slowFirstByte(.seconds(2)), stream: false, kind: .timeout, transience: .transient),
        .init(fault: .slowFirstByte(.seconds(2)), stream: true, kind: .timeout, transience: .transient),
    ]

    static func error(_ body: () async throws -> Void) async -> ProviderError? {
        do {
            try await body()
            return nil
        } catch let error as ProviderError {
            return error
        } catch {
            Issue.record("not a ProviderError: \(error)")
            return nil
        }
    }

    @Test("Anthropic transport", arguments: cases)
    func anthropicFaults(_ expectation: Expectation) async throws {
        try await withSimulator { simulator, base in
            simulator.injectFaults([expectation.fault])
            let transport = anthropic(base, timeout: .milliseconds(500))
            let request = LLMRequest(model: "claude-sonnet-4-5", messages: [.user("a question long enough to stream")])
            let error = await Self.error {
                if expectation.stream {
                    _ = try await transport.stream(request).response()
                } else {
                    _ = try await transport.send(request)
                }
            }
            let failure = try #require(error, "no error for \(expectation)")
            #expect(failure.kind == expectation.kind, "\(expectation): \(failure)")
            #expect(failure.transience == expectation.transience, "\(expectation): \(failure)")
            if let type = expectation.errorType { #expect(failure.errorType == type, "\(expectation)") }
            #expect(failure.advisedWait(now: Date()) == expectation.wait, "\(expectation)")
            #expect(failure.provider == .anthropic)
            if case .http = failure.kind { #expect(failure.requestID?.hasPrefix("req_sim_") == true) }
            // The next call succeeds: faults are one per request.
            _ = try await transport.send(request)
        }
    }

    @Test("OpenAI transport", arguments: cases.filter { $0.errorType == nil || $0.errorType == "incomplete_stream" })
    func openAIFaults(_ expectation: Expectation) async throws {
        try await withSimulator { simulator, base in
            simulator.injectFaults([expectation.fault])
            let transport = openAI(base, timeout: .milliseconds(500))
            let request = LLMRequest(
                provider: .openAI, model: "gpt-4.1-mini", messages: [.user("a question to stream")])
            let error = await Self.error {
                if expectation.stream {
                    _ = try await transport.stream(request).response()
                } else {
                    _ = try await transport.send(request)
                }
            }
            let failure = try #require(error, "no error for \(expectation)")
            #expect(failure.kind == expectation.kind, "\(expectation): \(failure)")
            #expect(failure.transience == expectation.transience, "\(expectation): \(failure)")
            _ = try await transport.send(request)
        }
    }

    @Test("OpenAI dialect errors: status, type, retry-after-ms, mid-stream error chunks")
    func openAIDialect() async throws {
        try await withSimulator { simulator, base in
            let transport = openAI(base, timeout: .seconds(5))
            let request = LLMRequest(provider: .openAI, model: "gpt-4.1-mini", messages: [.user("hello there")])
            simulator.injectFaults([.rateLimited(retryAfter: .milliseconds(1500))])
            let limited = try #require(await Self.error { _ = try await transport.send(request) })
            #expect(limited.kind == .http(status: 429) && limited.errorType == "rate_limit_exceeded")
            #expect(limited.advisedWait(now: Date()) == .milliseconds(1500))
            #expect(limited.requestID?.hasPrefix("req_sim_") == true)

            simulator.injectFaults([.streamError(beforeContent: true)])
            let early = try #require(await Self.error { _ = try await transport.stream(request).response() })
            #expect(
                early.kind == .streamError(type: "server_error", afterContent: false) && early.transience == .transient)

            simulator.injectFaults([.streamError(beforeContent: false)])
            let late = try #require(await Self.error { _ = try await transport.stream(request).response() })
            #expect(
                late.kind == .streamError(type: "server_error", afterContent: true) && late.transience == .permanent)

            simulator.injectFaults([.overloaded])
            let overloaded = try #require(await Self.error { _ = try await transport.send(request) })
            #expect(overloaded.kind == .http(status: 529) && overloaded.transience == .transient)
        }
    }

    @Test("a fault chosen by header, and the per-route counts")
    func faultHeaderAndCounts() async throws {
        try await withSimulator { simulator, base in
            var request = HTTPClientRequest(url: base + "/v1/messages")
            request.method = .POST
            request.headers.add(name: "x-simulator-fault", value: "429:2s")
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: #"{"model":"claude-sonnet-4-5","max_tokens":5,"messages":[]}"#))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            #expect(response.status.code == 429)
            #expect(response.headers.first(name: "retry-after") == "2")
            #expect(response.headers.first(name: "x-should-retry") == "true")
            #expect(response.headers.first(name: "request-id")?.hasPrefix("req_sim_") == true)
            _ = try await response.body.collect(upTo: 1 << 20)

            let stats = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: base + "/simulator/stats"), timeout: .seconds(5))
            let bytes = try await stats.body.collect(upTo: 1 << 20)
            let decoded = try JSONDecoder().decode(SimulatorStatistics.self, from: Data(bytes.readableBytesView))
            #expect(decoded.requestsByRoute[ProviderSimulator.Route.messages] == 1)
            #expect(decoded.faultsInjected["429"] == 1)
            #expect(simulator.requests(on: ProviderSimulator.Route.stats) == 1)
        }
    }
}
