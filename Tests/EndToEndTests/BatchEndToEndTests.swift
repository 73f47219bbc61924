import CacheStorage
import CostControl
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import Logging
import Providers
import SQLiteStore
import Testing

/// Cache-first batches over real HTTP: the provider transports against the simulator's batch endpoints,
/// a SQLite store, the shipped prices and a budget gate with a ledger.
@Suite("Cache-first batches end to end")
struct BatchEndToEndTests {
    static let fast = BatchPolling(initialInterval: .milliseconds(50), maximumInterval: .milliseconds(200))

    static func options(_ provider: ProviderID, limits: BudgetLimits = BudgetLimits()) -> EndToEnd.Options {
        var options = EndToEnd.Options()
        options.provider = provider
        options.limits = limits
        options.simulator = SimulatorConfiguration(batchCompletionTime: .milliseconds(300))
        return options
    }

    static func question(_ index: Int, provider: ProviderID) -> LLMRequest {
        ask(
            "Batch question number \(index)?", provider: provider,
            model: provider == .openAI ? "gpt-4.1-mini" : "claude-haiku-4-5")
    }

    static func createRoute(_ provider: ProviderID) -> String {
        provider == .openAI ? ProviderSimulator.Route.openAIBatchCreate : ProviderSimulator.Route.anthropicBatchCreate
    }

    @Test(
        "100 requests with 40 cached: one batch of 60, answers in order, 60 stored at the batch rates",
        arguments: [
            ProviderID.anthropic, .openAI,
        ])
    func fortyCachedSixtySent(provider: ProviderID) async throws {
        try await withEndToEnd(Self.options(provider)) { setup in
            let requests = (0..<100).map { Self.question($0, provider: provider) }
            for index in stride(from: 0, to: 100, by: 5) {
                _ = try await setup.client.send(requests[index])
                _ = try await setup.client.send(requests[index + 1])
            }
            #expect(try await setup.storedEntries() == 40)
            let spentBefore = await setup.gate.spentThisRun

            let answers = try await setup.client.batch(requests, polling: Self.fast)

            #expect(setup.simulator.requests(on: Self.createRoute(provider)) == 1)
            #expect(setup.simulator.requests(on: ProviderSimulator.Route.batchItem) == 60)
            #expect(answers.count == 100)
            #expect(answers.filter(\.isCacheHit).count == 40)
            var batchCost = MicroDollars.zero
            var fullCost = MicroDollars.zero
            for (index, answer) in answers.enumerated() {
                #expect(answer.index == index)
                let text = try #require(answer.answer?.response.text)
                #expect(text.hasSuffix("Batch question number \(index)?"), "answer \(index) is out of order: \(text)")
                #expect(answer.isCacheHit == (index % 5 < 2))
                if case .batchResult(let result) = answer.outcome {
                    let price = try setup.pricing.price(for: result.response.model)
                    let cost = try #require(result.cache.cost)
                    #expect(cost == price.cost(of: result.response.usage, batch: true))
                    batchCost += cost
                    fullCost += price.cost(of: result.response.usage)
                }
            }
            #expect(batchCost > .zero && batchCost < fullCost)
            #expect(await setup.gate.spentThisRun - spentBefore == batchCost)
            #expect(await setup.gate.reservedNow == .zero)
            #expect(try await setup.storedEntries() == 100)
            let spend = try await setup.store.spendSummary(limit: 50)
            #expect(spend.byTag.contains { $0.group.hasPrefix("batch=") && $0.calls == 60 && $0.cost == batchCost })

            // Every batch answer is now an exact hit, and it is the same answer.
            let upstreamBefore = setup.upstreamRequests
            for (index, request) in requests.enumerated() {
                let again = try await setup.client.send(request)
                #expect(again.cache.outcome == .hit)
                #expect(again.response == answers[index].answer?.response)
            }
            #expect(setup.upstreamRequests == upstreamBefore)
        }
    }

    @Test("A batch survives a restart mid-poll: another client on the same file collects and books it")
    func survivesRestart() async throws {
        let clock = ManualClock()
        var options = Self.options(.anthropic)
        options.simulator = SimulatorConfiguration(clock: clock, batchCompletionTime: .seconds(3600))
        try await withEndToEnd(options) { setup in
            let requests = (0..<12).map { Self.question($0, provider: .anthropic) }
            let submitted = try await setup.client.submitBatch(requests)
            #expect(submitted.pending == 12)
            #expect(setup.simulator.requests(on: ProviderSimulator.Route.anthropicBatchCreate) == 1)

            // The batch is still running: a short wait times out and leaves the job.
            await #expect(throws: BatchTimeoutError.self) {
                _ = try await setup.client.batchResults(
                    id: submitted.id,
                    polling: BatchPolling(initialInterval: .milliseconds(20), timeout: .milliseconds(100)))
            }

            // "Restart": a new store handle, gate and client over the same file.
            let store = try SQLiteStore(path: setup.directory.appendingPathComponent("cache.sqlite").path)
            let gate = BudgetGate(limits: BudgetLimits(), ledger: StoreCostLedger(store: store))
            let client = CachedClient(
                upstream: setup.client.upstream, store: store,
                costGuard: CostGuard(pricing: setup.pricing, gate: gate))
            #expect(try await client.batchStatus(id: submitted.id).providerStatus?.ended == false)
            clock.advance(seconds: 3601)

            let answers = try await client.batchResults(id: submitted.id, polling: Self.fast)
            #expect(answers.count == 12)
            #expect(answers.allSatisfy { if case .batchResult = $0.outcome { true } else { false } })
            #expect(try await store.statistics().entries == 12)
            let booked = answers.compactMap { $0.answer?.cache.cost }.reduce(MicroDollars.zero, +)
            #expect(booked > .zero)
            #expect(await gate.spentThisRun == booked)
            #expect(try await client.batchStatus(id: submitted.id).isComplete)

            // Collected once: asking again answers from the job, without asking the provider for results.
            let resultsRoute = ProviderSimulator.Route.anthropicBatchResults
            let reads = setup.simulator.requests(on: resultsRoute)
            let again = try await setup.client.batchResults(id: submitted.id, polling: Self.fast)
            #expect(again.map { $0.answer?.response } == answers.map { $0.answer?.response })
            #expect(setup.simulator.requests(on: resultsRoute) == reads)
            #expect(await gate.spentThisRun == booked)
            try await store.close()
        }
    }

    @Test("A batch that would pass a cap is refused before anything is submitted")
    func overCapRefused() async throws {
        try await withEndToEnd(Self.options(.openAI, limits: BudgetLimits(dailyCap: .cents(1)))) { setup in
            let requests = (0..<50).map { index in
                var request = Self.question(index, provider: .openAI)
                request.maxTokens = 4000
                return request
            }
            await #expect(throws: BudgetExceededError.self) {
                _ = try await setup.client.batch(requests, polling: Self.fast)
            }
            #expect(setup.simulator.requests(on: ProviderSimulator.Route.fileUpload) == 0)
            #expect(setup.simulator.requests(on: ProviderSimulator.Route.openAIBatchCreate) == 0)
            #expect(await setup.gate.reservedNow == .zero)
            let jobs = try await setup.client.batchJobs()
            #expect(jobs.isEmpty)
        }
    }

    @Test(
        "Expired and errored items are reported per item, never stored, and their holds released",
        arguments: [
            ProviderID.anthropic, .openAI,
        ])
    func partialFailures(provider: ProviderID) async throws {
        var options = Self.options(provider)
        options.simulator = SimulatorConfiguration(batchCompletionTime: .milliseconds(200), batchExpiringItems: 2)
        try await withEndToEnd(options) { setup in
            var requests = (0..<8).map { Self.question($0, provider: provider) }
            // Both providers refuse `max_tokens` 0: this item errors at the provider.
            requests[1].maxTokens = 0
            let answers = try await setup.client.batch(requests, polling: Self.fast)
            #expect(answers[6].failure?.kind == .expired)
            #expect(answers[7].failure?.kind == .expired)
            let errored = try #require(answers[1].failure)
            #expect(errored.kind == .errored)
            #expect(errored.status == 400)
            #expect(answers.compactMap(\.answer).count == 5)
            #expect(try await setup.storedEntries() == 5)
            #expect(await setup.gate.reservedNow == .zero)
            let progress = try await setup.client.batchStatus(
                id: try #require(try await setup.client.batchJobs().first).id)
            #expect(progress.isComplete && progress.answered == 5 && progress.failed == 3)
        }
    }

    @Test(
        "A cancelled batch ends with every unprocessed item cancelled: none stored, no hold left",
        arguments: [
            ProviderID.anthropic, .openAI,
        ])
    func cancelled(provider: ProviderID) async throws {
        var options = Self.options(provider)
        options.simulator = SimulatorConfiguration(clock: ManualClock(), batchCompletionTime: .seconds(3600))
        try await withEndToEnd(options) { setup in
            let requests = (0..<4).map { Self.question($0, provider: provider) }
            let submitted = try await setup.client.submitBatch(requests)
            #expect(await setup.gate.reservedNow > .zero)
            let cancelled = try await setup.client.cancelBatch(id: submitted.id)
            #expect(cancelled.providerStatus?.canceled == 4 || cancelled.providerStatus?.ended == true)
            let answers = try await setup.client.batchResults(id: submitted.id, polling: Self.fast)
            #expect(answers.allSatisfy { $0.failure?.kind == .canceled })
            #expect(try await setup.storedEntries() == 0)
            #expect(await setup.gate.reservedNow == .zero)
            #expect(try await setup.client.cancelBatch(id: submitted.id).isComplete, "a complete job is left as it is")
        }
    }

    @Test("Identical requests of one batch are sent once and share the answer")
    func duplicatesSentOnce() async throws {
        try await withEndToEnd(Self.options(.anthropic)) { setup in
            let one = Self.question(1, provider: .anthropic)
            let two = Self.question(2, provider: .anthropic)
            let answers = try await setup.client.batch([one, two, one, one], polling: Self.fast)
            #expect(setup.simulator.requests(on: ProviderSimulator.Route.batchItem) == 2)
            #expect(answers[2].answer?.response == answers[0].answer?.response)
            #expect(answers[3].answer?.cache.coalesced == true)
            #expect(answers[3].answer?.cache.cost == .zero)
            #expect(try await setup.storedEntries() == 2)
        }
    }

    @Test("An upstream without a batch API is refused with what to use instead")
    func unsupportedUpstream() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-batch-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("cache.sqlite").path)
        let client = CachedClient(upstream: DeterministicTransport(), store: store)
        let error = await #expect(throws: BatchRequestError.self) {
            _ = try await client.submitBatch([Self.question(0, provider: .anthropic)])
        }
        #expect(error?.message.contains("AnthropicTransport") == true)
        try await store.close()
    }
}
