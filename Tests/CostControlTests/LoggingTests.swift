import CostControl
import Foundation
import LLMCore
import Logging
import Testing

@Suite("Logging")
struct LoggingTests {
    @Test("pricing an unknown model as the fallback logs a warning naming both")
    func fallbackWarning() throws {
        let capture = LogCapture()
        let table = try PricingTable.load(contentsOf: TestData.pricingURL, logger: capture.logger())
            .withFallback("claude-haiku-4-5")
        _ = try table.price(for: "brand-new-model")
        let warning = try #require(capture.messages.first { $0.level == .warning })
        #expect(warning.metadata["model"] == "brand-new-model")
        #expect(warning.metadata["fallback"] == "claude-haiku-4-5")
    }

    @Test("every routing decision is logged with its model and reason")
    func routingLog() throws {
        let capture = LogCapture()
        let pricing = try TestData.pricing()
        let router = ModelRouter(
            config: try RoutingConfig.load(contentsOf: TestData.routingURL, pricing: pricing), pricing: pricing,
            logger: capture.logger())
        _ = try router.route(RoutingTask(inputCharacters: 20, deepReasoning: true))
        let entry = try #require(capture.messages.last)
        #expect(entry.metadata["model"] == "claude-opus-4-5")
        #expect(entry.metadata["tier"] == "premium")
        #expect(entry.metadata["reason"] == "deep reasoning requested")
    }

    @Test("each retried attempt is logged with its wait")
    func retryLog() async throws {
        let capture = LogCapture()
        let script = Script<Int>([
            .failure(ProviderError(kind: .http(status: 429), headers: ["retry-after": "2"])), .success(1),
        ])
        let executor = RetryExecutor(sleep: { _ in }, random: { 0 }, logger: capture.logger())
        _ = try await executor.run { _ in try await script.next() }
        let entry = try #require(capture.messages.first { $0.level == .warning })
        #expect(entry.metadata["attempt"] == "1")
        #expect(entry.metadata["wait"] == "2.0 seconds")
        #expect(entry.metadata["wait_source"] == "server")
    }
}
