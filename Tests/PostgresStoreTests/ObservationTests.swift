import CacheStorage
import Foundation
import PostgresStore
import Testing

@Suite(
    "PostgreSQL store: semantic labels", .enabled(if: TestServer.isConfigured, TestServer.skipReason),
    .timeLimit(.minutes(3)))
struct ObservationTests {
    @Test("labels recorded by one instance are read, in order and exactly, by another, and outlive their entry")
    func shared() async throws {
        let fixture = try await StoreFixture()
        let a = try await fixture.open()
        let b = try await fixture.open()
        let id = try await a.insert(entry(1))
        let labels = [
            HitObservation(
                entryID: id, scope: "scope-1", similarity: 0.934_567, correct: false, source: .verified,
                observedAt: Date(timeIntervalSince1970: 1_700_000_000)),
            HitObservation(
                entryID: id, scope: "scope-1", similarity: 0.97, correct: true, source: .confirmed,
                observedAt: Date(timeIntervalSince1970: 1_700_000_001)),
            HitObservation(
                entryID: id + 1, scope: "scope-2", similarity: 1, correct: false, source: .reportedWrong,
                observedAt: Date(timeIntervalSince1970: 1_700_000_002)),
        ]
        for label in labels { try await a.recordObservation(label) }
        let read = try await b.observations(after: 0, limit: 10)
        #expect(read.map(\.observation) == labels)
        #expect(read.map(\.id) == read.map(\.id).sorted())
        let page = try await b.observations(after: read[0].id, limit: 1)
        #expect(page.map(\.observation) == [labels[1]])
        _ = try await a.purge(PurgeSelector(all: true), dryRun: false)
        #expect(try await b.observations(after: 0, limit: 10).count == 3, "purging entries keeps what was learnt")
        try await a.close()
        try await b.close()
    }
}
