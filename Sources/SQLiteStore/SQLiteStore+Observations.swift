import CacheStorage
import Foundation

extension SQLiteStore {
    /// Keeps a labelled outcome of a semantic match.
    public func recordObservation(_ observation: HitObservation) throws {
        try ensureWritable()
        let statement = try connection.prepare(
            """
            INSERT INTO observations (entry_id, scope, similarity_micros, correct, source, observed_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        statement.bind(1, observation.entryID).bind(2, observation.scope).bind(3, observation.similarityMicros)
            .bind(4, Int64(observation.correct ? 1 : 0)).bind(5, observation.source.rawValue)
            .bind(6, observation.observedAt.millis)
        try statement.run()
    }

    /// Labelled outcomes with a row id above `id`, oldest first, at most `limit`; a row whose source this
    /// build does not know is left out.
    public func observations(after id: Int64, limit: Int) throws -> [StoredHitObservation] {
        try ensureOpen()
        let statement = try connection.prepare(
            """
            SELECT id, entry_id, scope, similarity_micros, correct, source, observed_at FROM observations
            WHERE id > ? ORDER BY id LIMIT ?
            """)
        statement.bind(1, id).bind(2, Int64(max(0, limit)))
        var rows: [StoredHitObservation] = []
        while try statement.step() {
            guard let source = HitObservation.Source(rawValue: statement.string(5)) else { continue }
            let observation = HitObservation(
                entryID: statement.int64(1), scope: statement.string(2),
                similarity: HitObservation.similarity(micros: statement.int64(3)), correct: statement.int64(4) != 0,
                source: source, observedAt: Date(timeIntervalSince1970: Double(statement.int64(6)) / 1000))
            rows.append(StoredHitObservation(id: statement.int64(0), observation: observation))
        }
        return rows
    }
}
