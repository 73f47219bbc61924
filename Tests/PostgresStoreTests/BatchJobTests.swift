import CacheStorage
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import PostgresStore
import Testing

@Suite(
    "PostgreSQL store: batch jobs", .enabled(if: TestServer.isConfigured, TestServer.skipReason),
    .timeLimit(.minutes(3)))
struct BatchJobTests {
    @Test("a batch saved by one instance is read, updated and listed by another")
    func storedBatches() async throws {
        let fixture = try await StoreFixture()
        let a = try await fixture.open()
        let b = try await fixture.open()
        let first = StoredBatch(
            id: "batch-1", provider: .anthropic, providerBatchID: nil, status: "submitting", itemCount: 3,
            createdAt: Date(timeIntervalSince1970: 1_700_000_000),
            updatedAt: Date(timeIntervalSince1970: 1_700_000_000),
            document: #"{"items":[]}"#)
        try await a.saveBatch(first)
        #expect(try await b.batch(id: "batch-1") == first)
        var submitted = first
        submitted.providerBatchID = "msgbatch_1"
        submitted.status = "submitted"
        submitted.updatedAt = Date(timeIntervalSince1970: 1_700_000_060)
        try await b.saveBatch(submitted)
        #expect(try await a.batch(id: "batch-1") == submitted)
        var second = first
        second.id = "batch-2"
        second.createdAt = Date(timeIntervalSince1970: 1_700_000_100)
        try await a.saveBatch(second)
        #expect(try await b.batches(limit: 10).map(\.id) == ["batch-2", "batch-1"])
        #expect(try await b.batches(limit: 1).map(\.id) == ["batch-2"])
        #expect(try await b.batch(id: "batch-3") == nil)
        try await a.close()
        try await b.close()
    }

    @Test("a batch submitted through one instance is collected through another: answers stored for both")
    func collectedElsewhere() async throws {
        let fixture = try await StoreFixture()
        let a = try await fixture.open()
        let b = try await fixture.open()
        let provider = DeterministicBatchTransport(pollsUntilEnded: 2)
        let submitting = CachedClient(upstream: provider, store: a)
        let requests = (0..<5).map {
            LLMRequest(model: "claude-haiku-4-5", messages: [.user("Shared batch \($0)?")], temperature: 0)
        }
        _ = try await submitting.send(requests[0])
        let progress = try await submitting.submitBatch(requests)
        #expect(progress.cacheHits == 1 && progress.pending == 4)
        #expect(provider.submittedBatches.map(\.count) == [4])

        let collecting = CachedClient(upstream: provider, store: b)
        let answers = try await collecting.batchResults(
            id: progress.id, polling: BatchPolling(initialInterval: .milliseconds(10)))
        #expect(answers.map(\.isCacheHit) == [true, false, false, false, false])
        #expect(answers.allSatisfy { $0.answer?.response.text.hasSuffix("Shared batch \($0.index)?") == true })
        for request in requests {
            #expect(try await submitting.send(request).cache.outcome == .hit)
        }
        #expect(try await a.batch(id: progress.id)?.status == "complete")
        try await a.close()
        try await b.close()
    }
}
