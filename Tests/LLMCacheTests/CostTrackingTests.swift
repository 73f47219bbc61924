import CacheStorage
import CostControl
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import Testing

@Suite("Cost tracking through CachedClient")
struct CostTrackingTests {
    static func pricing() throws -> PricingTable {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try PricingTable.load(contentsOf: root.appendingPathComponent("data/pricing.json"))
    }

    func client(_ harness: Harness, limits: BudgetLimits) throws -> CachedClient {
        let gate = BudgetGate(limits: limits, ledger: StoreCostLedger(store: harness.store))
        return CachedClient(
            upstream: harness.upstream, store: harness.store,
            costGuard: CostGuard(pricing: try Self.pricing(), gate: gate))
    }

    @Test("upstream calls are priced into the store's ledger; hits cost nothing and record savings")
    func ledger() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        let client = try client(harness, limits: BudgetLimits())
        let miss = try await client.send(question("What is 2+2?"), cache: CacheControls(costTags: ["feature": "math"]))
        let hit = try await client.send(question("What is 2+2?"))
        #expect((miss.cache.cost ?? .zero) > .zero)
        #expect(hit.cache.cost == .zero)
        #expect(hit.cache.saved == miss.cache.cost)
        let spend = try await harness.store.spendSummary()
        #expect(spend.total.calls == 1)
        #expect(spend.total.cost == miss.cache.cost)
        #expect(spend.byTag.map(\.group) == ["feature=math"])
        #expect(try await harness.store.statistics().layers["exact"]?.moneySaved == miss.cache.cost)
    }

    @Test("a daily cap kept in the store stops calls, also after a restart, and nothing refused is cached")
    func dailyCapSurvivesRestart() async throws {
        let harness = try Harness()
        defer { harness.cleanUp() }
        // Haiku 4.5: 100 max tokens of output at $5/MTok, about 500 micro-dollars reserved per call, about 60 spent.
        let limits = BudgetLimits(dailyCap: MicroDollars(800))
        var answered = 0
        var refused = false
        for number in 0..<10 where !refused {
            do {
                _ = try await client(harness, limits: limits).send(question("Question \(number)?"))
                answered += 1
            } catch is BudgetExceededError {
                refused = true
            }
        }
        #expect(refused)
        #expect(answered >= 1)
        let spent = try await harness.store.spendSummary().total.cost.rawValue
        #expect(spent <= 800)
        await #expect(throws: BudgetExceededError.self) {
            _ = try await client(harness, limits: limits).send(question("One more?"))
        }
        #expect(try await harness.store.statistics().entries == answered)
    }
}
