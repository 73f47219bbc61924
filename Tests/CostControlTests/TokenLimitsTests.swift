import CostControl
import Foundation
import LLMCore
import Synchronization
import Testing

@Suite("Token budgets before the call")
struct TokenLimitsTests {
    static let estimator = TokenEstimator.anthropic

    /// A conversation: a system prompt, a tool, a tool call and its result first, then `turns` long
    /// question-and-answer pairs, then a short last question.
    static func conversation(turns: Int) -> LLMRequest {
        var messages: [Message] = [
            .user("Look the weather up."),
            Message(role: .assistant, content: [.toolUse(id: "t1", name: "weather", input: ["city": "Oslo"])]),
            Message(role: .user, content: [.toolResult(toolUseID: "t1", content: [.text("Rain.")], isError: false)]),
            Message(role: .assistant, content: [.text("It rains in Oslo.")]),
        ]
        for turn in 0..<turns {
            messages.append(.user("Question \(turn): " + String(repeating: "words and more words ", count: 40)))
            messages.append(Message(role: .assistant, content: [.text(String(repeating: "an answer ", count: 40))]))
        }
        messages.append(.user("And tomorrow?"))
        return LLMRequest(
            provider: .anthropic, model: "claude-haiku-4-5", system: [TextBlock("You are a weather assistant.")],
            messages: messages,
            tools: [Tool(name: "weather", description: "Weather by city", inputSchema: ["type": "object"])],
            maxTokens: 1024)
    }

    @Test("over the input limit, refused by default with what to do, and nothing is sent or reserved")
    func refused() async throws {
        let request = Self.conversation(turns: 10)
        let limits = TokenLimits(maxInputTokens: 500)
        let error = #expect(throws: TokenLimitError.self) {
            try limits.apply(to: request, tags: [:], estimator: Self.estimator)
        }
        #expect(error?.limit == 500 && error?.source == "all requests" && error?.trimmed == nil)
        #expect(error?.description.contains(".trimHistory") == true)

        let gate = BudgetGate(limits: BudgetLimits(runCap: .dollars(1)))
        let guarded = CostGuard(pricing: try TestData.pricing(), gate: gate, tokenLimits: limits)
        let sent = Mutex(0)
        await #expect(throws: TokenLimitError.self) {
            _ = try await guarded.call(request) { _ in
                sent.withLock { $0 += 1 }
                throw CancellationError()
            }
        }
        #expect(sent.withLock { $0 } == 0)
        #expect(await gate.reservedNow == .zero)
        #expect(await gate.spentThisRun == .zero)
    }

    @Test("trimming keeps the system prompt, the tools and the last turn, starts with a plain user turn, and fits")
    func trimmed() throws {
        let request = Self.conversation(turns: 10)
        let full = Self.estimator.inputTokens(of: request)
        let limit = full / 3
        let (sent, adjustment) = try TokenLimits(maxInputTokens: limit, whenOverInput: .trimHistory).apply(
            to: request, tags: [:], estimator: Self.estimator)
        #expect(sent.system == request.system && sent.tools == request.tools)
        #expect(sent.messages.last == request.messages.last)
        #expect(sent.messages.first?.role == .user)
        #expect(sent.messages.first?.content.contains { if case .toolResult = $0 { true } else { false } } == false)
        #expect(Self.estimator.inputTokens(of: sent) <= limit)
        #expect(Array(request.messages.suffix(sent.messages.count)) == sent.messages, "only the oldest turns go")
        #expect(adjustment?.droppedMessages == request.messages.count - sent.messages.count)
        #expect(adjustment?.estimatedInputTokens == full)
        #expect(adjustment?.sentInputTokens == Self.estimator.inputTokens(of: sent))
    }

    @Test("a last turn that alone is over the limit is refused, saying how far trimming got")
    func cannotTrim() {
        var request = Self.conversation(turns: 2)
        request.messages.append(.user(String(repeating: "a very long last question ", count: 400)))
        let error = #expect(throws: TokenLimitError.self) {
            try TokenLimits(maxInputTokens: 200, whenOverInput: .trimHistory).apply(
                to: request, tags: [:], estimator: Self.estimator)
        }
        #expect((error?.trimmed ?? 0) > 200)
        #expect(error?.description.contains("even with only the system prompt") == true)
    }

    @Test("the strictest limit applies: a tag's input and output limits, and max_tokens is lowered, not refused")
    func byTag() throws {
        let request = Self.conversation(turns: 1)
        let tokens = Self.estimator.inputTokens(of: request)
        let limits = TokenLimits(
            maxInputTokens: tokens * 10, maxInputTokensByTag: ["feature=search": tokens - 1],
            maxOutputTokensByTag: ["feature=search": 100])
        let error = #expect(throws: TokenLimitError.self) {
            try limits.apply(to: request, tags: ["feature": "search"], estimator: Self.estimator)
        }
        #expect(error?.source == "feature=search")
        let (untagged, none) = try limits.apply(to: request, tags: ["feature": "chat"], estimator: Self.estimator)
        #expect(untagged == request && none == nil)
        let output = TokenLimits(maxOutputTokens: 500, maxOutputTokensByTag: ["feature=search": 100])
        let (lowered, adjustment) = try output.apply(
            to: request, tags: ["feature": "search"], estimator: Self.estimator)
        #expect(lowered.maxTokens == 100 && adjustment?.requestedMaxTokens == 1024 && adjustment?.sentMaxTokens == 100)
        #expect(try output.apply(to: request, tags: [:], estimator: Self.estimator).request.maxTokens == 500)
    }

    @Test("through the cost guard: the trimmed request is sent, reserved for, and recorded with token_budget")
    func throughGuard() async throws {
        let request = Self.conversation(turns: 10)
        let ledger = InMemoryCostLedger()
        let gate = BudgetGate(limits: BudgetLimits(runCap: .dollars(1)), ledger: ledger)
        let limit = Self.estimator.inputTokens(of: request) / 3
        let guarded = CostGuard(
            pricing: try TestData.pricing(), gate: gate, estimator: Self.estimator,
            tokenLimits: TokenLimits(maxInputTokens: limit, whenOverInput: .trimHistory))
        let sentCount = Mutex(0)
        let costed = try await guarded.call(request, tags: ["feature": "chat"]) { sent in
            sentCount.withLock { $0 = sent.messages.count }
            return LLMResponse(
                id: "m", model: sent.model, content: [.text("Sunny.")], stopReason: .endTurn,
                usage: Usage(inputTokens: Self.estimator.inputTokens(of: sent), outputTokens: 3))
        }
        #expect(sentCount.withLock { $0 } < request.messages.count)
        #expect(costed.tokenAdjustment?.droppedMessages == request.messages.count - sentCount.withLock { $0 })
        let records = await ledger.records
        #expect(records.first?.tags == ["feature": "chat", "token_budget": "trimmed"])
    }
}
