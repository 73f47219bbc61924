import CacheStorage
import CostControl
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import Testing

@Suite("Token budgets through CachedClient")
struct TokenLimitsClientTests {
    func client(_ harness: Harness, _ limits: TokenLimits) throws -> CachedClient {
        let gate = BudgetGate(limits: BudgetLimits(), ledger: StoreCostLedger(store: harness.store))
        return CachedClient(
            upstream: harness.upstream, store: harness.store,
            costGuard: CostGuard(pricing: try CostTrackingTests.pricing(), gate: gate, tokenLimits: limits))
    }

    @Test("a lowered max_tokens is in the answer's metadata and the ledger; the repeat is a hit of that answer")
    func outputLimited() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        let client = try client(harness, TokenLimits(maxOutputTokensByTag: ["feature=faq": 50]))
        let controls = CacheControls(costTags: ["feature": "faq"])
        let first = try await client.send(question("What is 2+2?"), cache: controls)
        #expect(first.cache.tokenAdjustment?.requestedMaxTokens == 100)
        #expect(first.cache.tokenAdjustment?.sentMaxTokens == 50)
        let again = try await client.send(question("What is 2+2?"), cache: controls)
        #expect(again.cache.outcome == .hit && again.cache.tokenAdjustment == nil)
        let byTag = try await harness.store.spendSummary().byTag.map(\.group)
        #expect(byTag.contains("token_budget=output_limited"))
    }

    @Test("a request over the input limit is refused before any call, with the limit's source")
    func refused() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        let client = try client(harness, TokenLimits(maxInputTokens: 5))
        await #expect(throws: TokenLimitError.self) {
            _ = try await client.send(question(String(repeating: "Tell me more about it. ", count: 20)))
        }
        #expect(harness.upstream.calls == 0)
        #expect(try await harness.store.statistics().entries == 0)
    }

    @Test("compression changes only what is sent: the caches key the request as written")
    func compressionAfterTheKey() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        let client = try client(harness, TokenLimits(compression: PromptCompression(minimumLength: 100)))
        let written = String(repeating: "A   line   of   the   report.   \n\n\n\n", count: 20) + "Summarise it."
        let compressed = PromptCompression(minimumLength: 100).compress(written)
        #expect(compressed != written)
        let first = try await client.send(question(written))
        let adjustment = try #require(first.cache.tokenAdjustment)
        #expect(adjustment.compressedBlocks == 1)
        #expect(adjustment.sentInputTokens < adjustment.estimatedInputTokens)
        #expect(try await client.send(question(written)).cache.outcome == .hit)
        let other = try await client.send(question(compressed))
        #expect(other.cache.outcome == .miss, "the compressed text is another request, not a hit of the first")
        #expect(harness.upstream.calls == 2)
        let byTag = try await harness.store.spendSummary().byTag.map(\.group)
        #expect(byTag.contains("token_budget=compressed"))
    }

    @Test("a summarised conversation: the answer's metadata and the ledger say so; the repeat is a hit of it")
    func summarised() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        var messages: [Message] = []
        for turn in 0..<20 {
            messages.append(.user("Question \(turn): what about item \(turn)?"))
            messages.append(Message(role: .assistant, content: [.text("Item \(turn) is done.")]))
        }
        messages.append(.user("And the rest?"))
        let request = LLMRequest(model: "claude-haiku-4-5", messages: messages, maxTokens: 100, temperature: 0)
        let estimator = TokenEstimator.anthropic
        let limit = estimator.inputTokens(of: try request.addressed(to: .anthropic)) - 40
        let gate = BudgetGate(limits: BudgetLimits(), ledger: StoreCostLedger(store: harness.store))
        let costGuard = CostGuard(
            pricing: try CostTrackingTests.pricing(), gate: gate, estimator: estimator,
            tokenLimits: TokenLimits(maxInputTokens: limit, whenOverInput: .summariseHistory),
            summariser: TurnSummariser { dropped in "\(dropped.count) earlier messages about items." })
        let client = CachedClient(upstream: harness.upstream, store: harness.store, costGuard: costGuard)
        let answer = try await client.send(request)
        let adjustment = try #require(answer.cache.tokenAdjustment)
        #expect(adjustment.summarisedMessages > 0)
        #expect(adjustment.sentInputTokens <= limit)
        let byTag = try await harness.store.spendSummary().byTag.map(\.group)
        #expect(byTag.contains("token_budget=summarised"))
        #expect(try await client.send(request).cache.outcome == .hit, "keyed as written")
    }
}
