import CacheStorage
import Foundation
import PostgresNIO

extension PostgresStore {
    /// Keeps a labelled outcome of a semantic match, for every instance on the database.
    public func recordObservation(_ observation: HitObservation) async throws {
        try ensureWritable()
        let (entry, scope, micros) = (observation.entryID, observation.scope, observation.similarityMicros)
        let (correct, source, at) = (observation.correct, observation.source.rawValue, observation.observedAt.millis)
        try await access.run("record an observation") { client in
            try await client.query(
                """
                INSERT INTO llmcache_observations (entry_id, scope, similarity_micros, correct, source, observed_at)
                VALUES (\(entry), \(scope), \(micros), \(correct), \(source), \(at))
                """)
        }
    }

    /// Labelled outcomes with a row id above `id`, oldest first, at most `limit`; a row whose source this
    /// build does not know is left out.
    public func observations(after id: Int64, limit: Int) async throws -> [StoredHitObservation] {
        try ensureOpen()
        let count = Int64(max(0, limit))
        return try await access.run("read observations") { client in
            var rows: [StoredHitObservation] = []
            for try await (row, entry, scope, micros, correct, source, at) in try await client.query(
                """
                SELECT id, entry_id, scope, similarity_micros, correct, source, observed_at
                FROM llmcache_observations WHERE id > \(id) ORDER BY id LIMIT \(count)
                """
            ).decode((Int64, Int64, String, Int64, Bool, String, Int64).self) {
                guard let kind = HitObservation.Source(rawValue: source) else { continue }
                let observation = HitObservation(
                    entryID: entry, scope: scope, similarity: HitObservation.similarity(micros: micros),
                    correct: correct, source: kind, observedAt: Date(timeIntervalSince1970: Double(at) / 1000))
                rows.append(StoredHitObservation(id: row, observation: observation))
            }
            return rows
        }
    }
}
