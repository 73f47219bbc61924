import CostControl
import Foundation
import LLMCacheTesting
import LLMCore
import Synchronization
import Testing

@Suite("Summarising trimmed turns")
struct TurnSummaryTests {
    static let estimator = TokenEstimator.anthropic

    /// `turns` short question-and-answer pairs, then a last question.
    static func conversation(turns: Int) -> LLMRequest {
        var messages: [Message] = []
        for turn in 0..<turns {
            messages.append(.user("Question \(turn): what about the item number \(turn) on the list?"))
            messages.append(
                Message(role: .assistant, content: [.text("Item \(turn) is settled; it costs \(turn) euros.")]))
        }
        messages.append(.user("And what is the total?"))
        return LLMRequest(
            provider: .anthropic, model: "claude-sonnet-4-5", system: [TextBlock("You keep a shopping list.")],
            messages: messages, maxTokens: 200)
    }

    /// A guard with `limits`, `summariser`, a ledger and a capture of its log.
    static func guarded(_ limits: TokenLimits, summariser: TurnSummariser?, runCap: MicroDollars = .dollars(1))
        throws -> (CostGuard, InMemoryCostLedger, BudgetGate, LogCapture)
    {
        let ledger = InMemoryCostLedger()
        let gate = BudgetGate(limits: BudgetLimits(runCap: runCap), ledger: ledger)
        let capture = LogCapture()
        let guarded = CostGuard(
            pricing: try TestData.pricing(), gate: gate, estimator: estimator, tokenLimits: limits,
            summariser: summariser, logger: capture.logger())
        return (guarded, ledger, gate, capture)
    }

    /// Sends through `guarded`, answering with a fixed reply; returns the answer and the request sent.
    static func send(_ request: LLMRequest, through guarded: CostGuard) async throws -> (CostedResponse, LLMRequest) {
        let seen = Mutex<LLMRequest?>(nil)
        let costed = try await guarded.call(request, tags: ["feature": "list"]) { sent in
            seen.withLock { $0 = sent }
            return LLMResponse(
                id: "r", model: sent.model, content: [.text("42 euros.")], stopReason: .endTurn,
                usage: Usage(inputTokens: 100, outputTokens: 5))
        }
        return (costed, try #require(seen.withLock { $0 }))
    }

    @Test(
        "a closure's summary of the dropped turns goes first in the first kept user turn; it fits; the ledger says summarised"
    )
    func closureSummary() async throws {
        let request = Self.conversation(turns: 20)
        let full = Self.estimator.inputTokens(of: request)
        let limit = full - 60
        let received = Mutex<[Message]>([])
        let summariser = TurnSummariser { dropped in
            received.withLock { $0 = dropped }
            return "  The first items were settled.  "
        }
        let limits = TokenLimits(maxInputTokens: limit, whenOverInput: .summariseHistory)
        let (guarded, ledger, _, _) = try Self.guarded(limits, summariser: summariser)
        let (costed, sent) = try await Self.send(request, through: guarded)
        let adjustment = try #require(costed.tokenAdjustment)
        #expect(adjustment.summarisedMessages > 0)
        #expect(received.withLock { $0 } == Array(request.messages.prefix(adjustment.summarisedMessages)))
        #expect(adjustment.droppedMessages >= adjustment.summarisedMessages)
        #expect(sent.messages.count == request.messages.count - adjustment.droppedMessages)
        let first = try #require(sent.messages.first)
        #expect(first.role == .user)
        let kept = request.messages[adjustment.droppedMessages]
        #expect(Array(first.content.dropFirst()) == kept.content, "the first kept turn follows the summary")
        let summary = try #require(first.content.first?.textValue)
        #expect(summary.hasSuffix("\n\nThe first items were settled."))
        #expect(summary.contains("summary of the \(adjustment.summarisedMessages) earlier messages"))
        #expect(Array(sent.messages.dropFirst()) == Array(request.messages.suffix(sent.messages.count - 1)))
        #expect(Self.estimator.inputTokens(of: sent) <= limit)
        #expect(adjustment.sentInputTokens == Self.estimator.inputTokens(of: sent))
        #expect(sent.system == request.system)
        let records = await ledger.records
        #expect(records.count == 1, "a closure's own calls are the caller's")
        #expect(records.first?.tags["token_budget"] == "summarised")
    }

    @Test("a cheap model's summary is a priced call under the same budget, tagged summary; more turns go to fit it")
    func modelSummary() async throws {
        let request = Self.conversation(turns: 20)
        let full = Self.estimator.inputTokens(of: request)
        let cheap = DeterministicTransport()
        let limits = TokenLimits(maxInputTokens: full - 60, whenOverInput: .summariseHistory)
        let (guarded, ledger, gate, _) = try Self.guarded(
            limits, summariser: .model("claude-haiku-4-5", through: cheap))
        let (costed, sent) = try await Self.send(request, through: guarded)
        #expect(cheap.calls == 1)
        let adjustment = try #require(costed.tokenAdjustment)
        #expect(adjustment.summarisedMessages > 0)
        // The stand-in model repeats the transcript it is given, so its summary is longer than what it covers.
        #expect(adjustment.droppedMessages > adjustment.summarisedMessages, "more turns were dropped to fit it")
        let summary = try #require(sent.messages.first?.content.first?.textValue)
        #expect(summary.contains("Answer from claude-haiku-4-5 to: user: Question 0:"))
        #expect(summary.contains("assistant: Item 0 is settled"))
        #expect(Self.estimator.inputTokens(of: sent) <= full - 60)
        let records = await ledger.records
        #expect(records.count == 2)
        let summaryRecord = try #require(records.first { $0.tags["token_budget"] == "summary" })
        #expect(summaryRecord.model == "claude-haiku-4-5")
        #expect(summaryRecord.tags["feature"] == "list")
        #expect(summaryRecord.cost > .zero)
        #expect(records.last?.tags["token_budget"] == "summarised")
        #expect(await gate.spentThisRun == records[0].cost + records[1].cost, "both under the one budget")
    }

    @Test(
        "no summariser, a failing one, a summary that cannot fit, or a budget that refuses it: the turns are just dropped"
    )
    func fallsBackToDropping() async throws {
        let request = Self.conversation(turns: 20)
        let full = Self.estimator.inputTokens(of: request)
        let limits = TokenLimits(maxInputTokens: full - 60, whenOverInput: .summariseHistory)
        let trimmed = try TokenLimits(maxInputTokens: full - 60, whenOverInput: .trimHistory).apply(
            to: request, tags: [:], estimator: Self.estimator)
        struct Broken: Error {}
        let cases: [(TurnSummariser?, MicroDollars, String)] = [
            (nil, .dollars(1), "no summariser"),
            (TurnSummariser { _ in throw Broken() }, .dollars(1), "failed"),
            (TurnSummariser { _ in "   " }, .dollars(1), "failed"),
            (TurnSummariser { _ in String(repeating: "far too long ", count: 5_000) }, .dollars(1), "does not fit"),
            (.model("claude-haiku-4-5", through: DeterministicTransport()), MicroDollars(1), "failed"),
            (.model("no-such-model", through: DeterministicTransport()), .dollars(1), "failed"),
        ]
        for (summariser, cap, words) in cases {
            let (guarded, ledger, _, capture) = try Self.guarded(limits, summariser: summariser, runCap: cap)
            let sent: LLMRequest
            let adjustment: TokenAdjustment?
            do {
                let (costed, request) = try await Self.send(request, through: guarded)
                (sent, adjustment) = (request, costed.tokenAdjustment)
            } catch is BudgetExceededError {
                // The one-micro-dollar cap refuses the call itself too, after the summary was refused.
                #expect(cap == MicroDollars(1))
                #expect(capture.messages.contains { $0.level == .warning && $0.message.contains(words) })
                continue
            }
            #expect(sent == trimmed.request, "\(words)")
            #expect(adjustment == trimmed.adjustment)
            #expect(adjustment?.summarisedMessages == 0)
            #expect(await ledger.records.first?.tags["token_budget"] == "trimmed")
            let warning = capture.messages.first { $0.level == .warning }
            #expect(warning?.message.contains(words) == true, "\(capture.messages.map(\.message))")
        }
    }

    @Test("a first kept turn that starts with tool results keeps them first, the summary after them")
    func afterToolResults() throws {
        var request = Self.conversation(turns: 0)
        request.messages = [
            .user("Add up the list: " + String(repeating: "one item, ", count: 100)),
            Message(role: .assistant, content: [.toolUse(id: "t1", name: "total", input: ["items": 100])]),
            Message(role: .user, content: [.toolResult(toolUseID: "t1", content: [.text("45")], isError: false)]),
        ]
        var last = request
        last.messages = [request.messages[2]]
        let limits = TokenLimits(
            maxInputTokens: Self.estimator.inputTokens(of: last) + 60, whenOverInput: .summariseHistory)
        let (trimmed, trimming) = try limits.apply(to: request, tags: [:], estimator: Self.estimator)
        #expect(trimmed.messages == [request.messages[request.messages.count - 1]], "only the last turn fits")
        let adjustment = try #require(trimming)
        let placed = limits.placingSummary(
            "Ten items.", of: adjustment.droppedMessages, in: trimmed, adjustment: adjustment, tags: [:],
            estimator: Self.estimator)
        let content = try #require(placed?.request.messages.first?.content)
        #expect(content.count == 2)
        #expect(content.first == request.messages.last?.content.first, "the tool result stays first")
        #expect(content.last?.textValue?.hasSuffix("Ten items.") == true)
    }
}
