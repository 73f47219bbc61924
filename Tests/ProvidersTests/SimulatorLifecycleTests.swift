import Foundation
import LLMCacheTesting
import LLMCore
import Providers
import Testing

@Suite("Simulator lifecycle and validation")
struct SimulatorLifecycleTests {
    @Test("start is idempotent, stop frees the port, a stopped simulator refuses connections")
    func startStop() async throws {
        let simulator = ProviderSimulator()
        let port = try await simulator.start()
        #expect(port > 0)
        #expect(try await simulator.start() == port)
        let base = try #require(simulator.baseURL)
        #expect(base == "http://127.0.0.1:\(port)")
        _ = try await anthropic(base).send(LLMRequest(model: "claude-sonnet-4-6", messages: [.user("hi")]))
        await simulator.stop()
        await simulator.stop()
        #expect(simulator.port == nil)
        do {
            _ = try await anthropic(base, timeout: .seconds(1)).send(
                LLMRequest(model: "claude-sonnet-4-6", messages: [.user("hi")]))
            Issue.record("a stopped simulator answered")
        } catch let error as ProviderError {
            #expect(error.kind == .connectionFailed && error.transience == .transient)
        }
    }

    @Test("faults configured at start-up apply to the first requests in order")
    func startUpFaults() async throws {
        try await withSimulator(SimulatorConfiguration(faults: [.unavailable, .serverError])) { simulator, base in
            let transport = openAI(base)
            let request = LLMRequest(provider: .openAI, model: "gpt-4.1-mini", messages: [.user("hi")])
            var statuses: [Int?] = []
            for _ in 0..<3 {
                do {
                    _ = try await transport.send(request)
                    statuses.append(nil)
                } catch let error as ProviderError {
                    statuses.append(error.httpStatus)
                }
            }
            #expect(statuses == [503, 500, nil])
            #expect(simulator.statistics.faultsInjected == ["503": 1, "500": 1])
            #expect(simulator.statistics.recentCalls.count == 1)
        }
    }

    @Test("malformed requests get the provider's 400")
    func validation() async throws {
        try await withSimulator { _, base in
            do {
                _ = try await anthropic(base).send(LLMRequest(model: "claude-sonnet-4-6", messages: []))
                Issue.record("an empty conversation was accepted")
            } catch let error as ProviderError {
                #expect(error.kind == .http(status: 400) && error.errorType == "invalid_request_error")
                #expect(error.transience == .permanent)
            }
        }
    }
}
