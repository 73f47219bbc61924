import CacheStorage
import CostControl
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import Testing

@Suite("CachedClient end to end: retries, budget and errors over real HTTP")
struct CostEndToEndTests {
    @Test("429 and 529 are retried after the advised wait or the backoff, and the answer is stored")
    func transientRetried() async throws {
        try await withEndToEnd { e2e in
            e2e.simulator.injectFaults([.rateLimited(retryAfter: .seconds(2)), .overloaded, .unavailable])
            let answer = try await e2e.client.send(ask("Retry me."))
            #expect(answer.cache.outcome == .miss)
            // 429 advises 2 s (retry-after); 529 advises nothing, so the backoff (100 ms × 2¹, no jitter);
            // 503 advises 1 s.
            #expect(e2e.waits.all == [.seconds(2), .milliseconds(200), .seconds(1)])
            #expect(e2e.upstreamRequests == 4)
            #expect(try await e2e.storedEntries() == 1)
            let again = try await e2e.client.send(ask("Retry me."))
            #expect(again.cache.outcome == .hit)
            #expect(e2e.upstreamRequests == 4)
        }
    }

    @Test("400 and 401 are not retried, and nothing is stored", arguments: [SimulatedFault.badRequest, .unauthorized])
    func permanentNotRetried(fault: SimulatedFault) async throws {
        try await withEndToEnd { e2e in
            e2e.simulator.injectFaults([fault])
            await #expect(throws: ProviderError.self) {
                _ = try await e2e.client.send(ask("Fail once."))
            }
            #expect(e2e.waits.all.isEmpty)
            #expect(e2e.upstreamRequests == 1)
            let entries = try await e2e.storedEntries()
            #expect(entries == 0)
        }
    }

    @Test("a 500 with no retries left stores nothing; the next good answer is stored")
    func errorsNeverStored() async throws {
        var options = EndToEnd.Options()
        options.maxRetries = 2
        try await withEndToEnd(options) { e2e in
            e2e.simulator.injectFaults([.serverError, .serverError, .serverError])
            await #expect(throws: RetryError.self) {
                _ = try await e2e.client.send(ask("Server trouble?"))
            }
            #expect(e2e.upstreamRequests == 3)
            #expect(e2e.waits.all.count == 2)
            #expect(try await e2e.storedEntries() == 0)
            let spend = try await e2e.store.spendSummary()
            #expect(spend.total.calls == 0)
            let good = try await e2e.client.send(ask("Server trouble?"))
            #expect(good.cache.outcome == .miss)
            #expect(e2e.upstreamRequests == 4)
            #expect(try await e2e.storedEntries() == 1)
        }
    }

    @Test("the budget gate stops a run before the cap; the refused call makes no upstream request")
    func budgetStopsRun() async throws {
        var options = EndToEnd.Options()
        // Haiku 4.5 with 100 output tokens at most: about 500 micro-dollars reserved per call, far less spent.
        let cap = MicroDollars(1_500)
        options.limits = BudgetLimits(runCap: cap)
        try await withEndToEnd(options) { e2e in
            var answered = 0
            var refusedAt: Int?
            for number in 0..<100 {
                do {
                    _ = try await e2e.client.send(ask("Question number \(number)?"))
                    answered += 1
                } catch is BudgetExceededError {
                    refusedAt = number
                    break
                }
            }
            #expect(refusedAt != nil)
            #expect(answered >= 1)
            // Every upstream request was an answered call: the refused one never left.
            #expect(e2e.upstreamRequests == answered)
            let spent = await e2e.gate.spentThisRun
            #expect(spent <= cap)
            let ledger = try await e2e.store.spendSummary().total
            #expect(ledger.calls == answered)
            #expect(ledger.cost == spent)
            #expect(ledger.cost <= cap)
            #expect(try await e2e.storedEntries() == answered)
            // Answers already stored are still served, at no cost, with the budget spent.
            let hit = try await e2e.client.send(ask("Question number 0?"))
            #expect(hit.cache.outcome == .hit)
            #expect(e2e.upstreamRequests == answered)
        }
    }
}
