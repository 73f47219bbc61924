import CostControl
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import Providers
import Testing

/// The provider's own token count (Anthropic's `count_tokens`) in place of the estimate, over real HTTP.
@Suite("Provider token counts end to end")
struct TokenCountEndToEndTests {
    @Test("with a counter, the token limits see the provider's count; without, the (here too low) estimate")
    func countedBeforeTheLimits() async throws {
        try await withEndToEnd { setup in
            guard let base = setup.simulator.baseURL else { throw NotListening() }
            let transport = AnthropicTransport(configuration: .init(baseURL: base, apiKey: nil, timeout: .seconds(60)))
            let counted = try await transport.countInputTokens(ask(longText(tokens: 3_000)))
            #expect(counted > 2_500 && counted < 3_500, "the simulator counts about 3,000: \(counted)")
            #expect(setup.simulator.requests(on: "POST /v1/messages/count_tokens") == 1)

            // An estimator that counts three times too few tokens, and a limit between its estimate and the count.
            let low = TokenEstimator(bytesPerToken: 10.5)
            let limits = TokenLimits(maxInputTokens: 2_000)
            let request = ask(longText(tokens: 3_000, seed: "counted"))
            let estimating = CostGuard(pricing: setup.pricing, gate: setup.gate, estimator: low, tokenLimits: limits)
            _ = try await estimating.call(request) { try await transport.send($0) }

            let counting = CostGuard(
                pricing: setup.pricing, gate: setup.gate, estimator: low, tokenLimits: limits,
                inputTokenCounter: transport)
            let refused = await #expect(throws: TokenLimitError.self) {
                _ = try await counting.call(request) { try await transport.send($0) }
            }
            #expect((refused?.estimated ?? 0) > 2_000, "the refusal quotes the provider's count")
            #expect(setup.simulator.requests(on: "POST /v1/messages/count_tokens") == 2)
        }
    }

    @Test("a counter that fails falls back to the estimate: the call goes on")
    func failingCounterFallsBack() async throws {
        struct Broken: InputTokenCounting {
            func countInputTokens(_ request: LLMRequest) async throws -> Int {
                throw ProviderError(kind: .connectionFailed, message: "no route")
            }
        }
        try await withEndToEnd { setup in
            let guarded = CostGuard(
                pricing: setup.pricing, gate: setup.gate, tokenLimits: TokenLimits(maxInputTokens: 10_000),
                inputTokenCounter: Broken())
            let answer = try await guarded.call(ask("Still answered?")) { try await setup.client.upstream.send($0) }
            #expect(answer.response.text.hasSuffix("Still answered?"))
        }
    }

    @Test("a calibrated estimator estimates about the count it was calibrated to")
    func calibration() {
        let request = ask(longText(tokens: 4_000))
        let estimator = TokenEstimator.anthropic
        let calibrated = estimator.calibrated(toCount: 2_000, of: request)
        let estimate = calibrated.inputTokens(of: request)
        #expect(abs(estimate - 2_000) < 40, "\(estimate)")
        #expect(estimator.calibrated(toCount: 0, of: request) == estimator)
    }
}
