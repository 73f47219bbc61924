import CostControl
import Foundation
import LLMCore
import Testing

@Suite("Budgeted calls")
struct CostGuardTests {
    static let request = LLMRequest(
        model: "claude-haiku-4-5", messages: [.user("Extract the date: 14 March 2026")], maxTokens: 200)

    static func response(_ usage: Usage) -> LLMResponse {
        LLMResponse(
            id: "msg_1", model: "claude-haiku-4-5-20251001", content: [.text("2026-03-14")], stopReason: .endTurn,
            usage: usage)
    }

    static func costGuard(gate: BudgetGate, recorder: SleepRecorder) throws -> CostGuard {
        CostGuard(
            pricing: try TestData.pricing(), gate: gate,
            retry: RetryExecutor(sleep: { await recorder.record($0) }, random: { 0 }))
    }

    @Test("a call is estimated, reserved, priced and settled into the ledger")
    func settledCall() async throws {
        let ledger = InMemoryCostLedger()
        let gate = BudgetGate(limits: BudgetLimits(runCap: .cents(1)), ledger: ledger)
        let result = try await Self.costGuard(gate: gate, recorder: SleepRecorder()).call(
            Self.request, tags: ["feature": "extract"]
        ) { _ in Self.response(Usage(inputTokens: 20, outputTokens: 8)) }
        #expect(result.record.cost == MicroDollars(20 + 40))  // $1 / $5 per MTok
        #expect(result.record.model == "claude-haiku-4-5")
        #expect(result.record.tags == ["feature": "extract"])
        #expect(await ledger.records.count == 1)
        #expect(await gate.spentThisRun == MicroDollars(60))
        #expect(await gate.reservedNow == .zero)
    }

    @Test("each retry is reserved again; billed failures are recorded")
    func retriesReserveAgain() async throws {
        let ledger = InMemoryCostLedger()
        let gate = BudgetGate(limits: BudgetLimits(runCap: .cents(1)), ledger: ledger)
        let script = Script<LLMResponse>([
            .failure(ProviderError(kind: .http(status: 503))),
            .failure(
                ProviderError(
                    kind: .streamError(type: "overloaded_error", afterContent: false),
                    billedUsage: Usage(inputTokens: 20))),
            .success(Self.response(Usage(inputTokens: 20, outputTokens: 8))),
        ])
        let recorder = SleepRecorder()
        let result = try await Self.costGuard(gate: gate, recorder: recorder).call(Self.request) { _ in
            try await script.next()
        }
        #expect(result.attempts == 3)
        #expect(result.attemptRecords.map(\.attempt) == [2, 3])
        #expect(result.totalCost == MicroDollars(20 + 60))
        #expect(await ledger.records.count == 2)
        #expect(await recorder.waits.count == 2)
    }

    @Test("once the gate refuses, the call ends without retrying or sending")
    func refusalIsFinal() async throws {
        let gate = BudgetGate(limits: BudgetLimits(runCap: MicroDollars(1_000)))
        let script = Script<LLMResponse>([
            .failure(ProviderError(kind: .http(status: 529))),
            .success(Self.response(Usage(inputTokens: 20, outputTokens: 8))),
        ])
        let recorder = SleepRecorder()
        // The estimate (≈ 20 input + 200 output tokens on Haiku ≈ $0.001) exceeds the $0.001 cap... only just:
        let estimate = try CostEstimate(
            request: Self.request, price: try TestData.pricing().price(for: "claude-haiku-4-5"))
        #expect(estimate.cost > MicroDollars(1_000))
        let refusal = await #expect(throws: BudgetExceededError.self) {
            try await Self.costGuard(gate: gate, recorder: recorder).call(Self.request) { _ in try await script.next() }
        }
        #expect(refusal?.cap == .run)
        #expect(refusal?.estimate == estimate.cost)
        #expect(await script.calls == 0)
        #expect(await recorder.waits.isEmpty)
    }

    @Test("a refusal before a retry stops the retries")
    func refusalBeforeRetry() async throws {
        let estimate = try CostEstimate(
            request: Self.request, price: try TestData.pricing().price(for: "claude-haiku-4-5"))
        // Room for exactly one attempt that is billed its estimate.
        let gate = BudgetGate(limits: BudgetLimits(runCap: estimate.cost))
        let script = Script<LLMResponse>([
            .failure(
                ProviderError(
                    kind: .streamError(type: "overloaded_error", afterContent: false),
                    billedUsage: Usage(inputTokens: 1))),
            .success(Self.response(Usage(inputTokens: 20, outputTokens: 8))),
        ])
        let recorder = SleepRecorder()
        await #expect(throws: BudgetExceededError.self) {
            try await Self.costGuard(gate: gate, recorder: recorder).call(Self.request) { _ in try await script.next() }
        }
        #expect(await script.calls == 1)
        #expect(await recorder.waits.count == 1)
    }

    @Test("estimates reserve max_tokens of output and price cache writes at the write rate")
    func estimates() throws {
        let price = try TestData.pricing().price(for: "claude-sonnet-4-5")
        let plain = try CostEstimate(
            request: LLMRequest(model: "claude-sonnet-4-5", messages: [.user("hi")], maxTokens: 1_000), price: price)
        #expect(plain.maxOutputTokens == 1_000)
        #expect(plain.cost == MicroDollars(Int64(plain.inputTokens) * 3 + 15_000))
        let cached = LLMRequest(
            model: "claude-sonnet-4-5",
            system: [TextBlock(String(repeating: "policy ", count: 1_000), cacheControl: .init(ttl: .oneHour))],
            messages: [.user("hi")], maxTokens: 1_000)
        let estimate = try CostEstimate(request: cached, price: price)
        #expect(estimate.cost == MicroDollars(Int64(estimate.inputTokens) * 6 + 15_000))
    }
}
