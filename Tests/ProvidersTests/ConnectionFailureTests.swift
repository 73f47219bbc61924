import Foundation
import LLMCacheTesting
import LLMCore
import Testing

@testable import Providers

@Suite("A provider that cannot be reached")
struct ConnectionFailureTests {
    @Test("a refused connection fails at once, naming the URL and the cause once")
    func refused() async throws {
        let simulator = ProviderSimulator()
        let port = try await simulator.start()
        await simulator.stop()
        let base = "http://127.0.0.1:\(port)"
        let started = ContinuousClock.now
        let error = await #expect(throws: ProviderError.self) {
            _ = try await anthropic(base, timeout: .seconds(60)).send(
                LLMRequest(model: "claude-sonnet-4-6", messages: [.user("hi")]))
        }
        #expect(ContinuousClock.now - started < .seconds(30), "not retried until a connect timeout passes")
        let failure = try #require(error)
        #expect(failure.kind == .connectionFailed && failure.transience == .transient)
        #expect(failure.message == "could not reach \(base)/v1/messages: connection refused")
    }

    @Test("the cause is the operating system's text for the error number the stack reports")
    func cause() {
        struct Nested: Error, CustomStringConvertible {
            var description: String { "connection reset (error set): Connection refused) (errno: 111)" }
        }
        #expect(TransportFailureCause.text(of: Nested()) == "connection refused")
    }
}
