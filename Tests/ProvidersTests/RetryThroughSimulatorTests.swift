import CostControl
import Foundation
import LLMCacheTesting
import LLMCore
import Providers
import Synchronization
import Testing

@Suite("The retry core over real transports")
struct RetryThroughSimulatorTests {
    /// The waits an executor asked for.
    final class Waits: Sendable {
        private let values = Mutex<[Duration]>([])
        func append(_ wait: Duration) { values.withLock { $0.append(wait) } }
        var all: [Duration] { values.withLock { $0 } }
    }

    /// An executor that records its waits instead of sleeping.
    static func executor(_ waits: Waits) -> RetryExecutor {
        RetryExecutor(
            policy: RetryPolicy(maxRetries: 3, initialBackoff: .milliseconds(100), jitter: 0),
            sleep: { wait in waits.append(wait) })
    }

    @Test("transient faults are retried with the server's advised wait, then the call succeeds")
    func transientThenSuccess() async throws {
        try await withSimulator { simulator, base in
            simulator.injectFaults([
                .rateLimited(retryAfter: .seconds(2)), .overloaded, .streamError(beforeContent: true),
            ])
            let transport = anthropic(base)
            let waits = Waits()
            let request = LLMRequest(model: "claude-sonnet-4-6", messages: [.user("retry me")])
            let response = try await Self.executor(waits).run { _ in try await transport.stream(request).response() }
            #expect(response.text.contains("retry me"))
            #expect(waits.all == [.seconds(2), .milliseconds(200), .milliseconds(400)])
            #expect(simulator.requests(on: ProviderSimulator.Route.messages) == 4)
        }
    }

    @Test("permanent faults and errors after content are not retried")
    func permanentNotRetried() async throws {
        try await withSimulator { simulator, base in
            let transport = openAI(base)
            let request = LLMRequest(provider: .openAI, model: "gpt-4.1-mini", messages: [.user("no retry")])
            for fault in [SimulatedFault.badRequest, .unauthorized, .streamError(beforeContent: false), .cutStream] {
                simulator.resetStatistics()
                simulator.injectFaults([fault])
                let waits = Waits()
                await #expect(throws: ProviderError.self, "\(fault)") {
                    try await Self.executor(waits).run { _ in try await transport.stream(request).response() }
                }
                #expect(waits.all.isEmpty, "\(fault)")
                #expect(simulator.requests(on: ProviderSimulator.Route.chatCompletions) == 1, "\(fault)")
            }
        }
    }
}
