import CacheStorage
import Foundation
import LLMCore
import NIOCore
import PostgresNIO

/// How an entry maps to and from a row of `llmcache_entries`.
enum PostgresEntryRow {
    /// The entry SQL for `llmcache_entries`.
    static let sql = EntrySQL(table: "llmcache_entries", nullRequest: "NULL::bytea", parameter: { "$\($0)" })

    static let upsertVector = """
        INSERT INTO llmcache_vectors (entry_id, scope, prompt, vector) VALUES ($1, $2, $3, $4)
        ON CONFLICT (entry_id) DO UPDATE SET scope = excluded.scope, prompt = excluded.prompt, vector = excluded.vector
        """

    /// The bindings of ``upsert`` for `entry` stored at `now` (milliseconds).
    static func bindings(_ entry: NewCacheEntry, now: Int64) -> PostgresBindings {
        var binds = PostgresBindings(capacity: 16)
        binds.append(entry.namespace)
        binds.append(entry.key)
        binds.append(entry.provider)
        binds.append(entry.model)
        binds.append(now)
        binds.append(entry.ttl.map { $0.expiry(after: now) })
        binds.append(entry.ttl?.saturatedMilliseconds)
        binds.append(entry.sliding)
        binds.append(now)
        binds.append(Int64(entry.size))
        binds.append(Int64(entry.inputTokens))
        binds.append(Int64(entry.outputTokens))
        binds.append(entry.cost?.rawValue)
        binds.append(TagList.encode(entry.tags))
        binds.append(entry.request.map { ByteBuffer(bytes: $0) })
        binds.append(ByteBuffer(bytes: entry.response))
        return binds
    }

    /// Reads the entries of `rows` (columns as in ``EntrySQL/select``).
    static func read(_ rows: PostgresRowSequence) async throws -> [CacheEntry] {
        var entries: [CacheEntry] = []
        let typed = rows.decode(
            (
                Int64, String, String, String, String, Int64, Int64?, Int64?, Bool, Int64?, Int64, Int64, Int64, Int64,
                Int64?, String, Data?, Data
            ).self)
        for try await row in typed {
            entries.append(
                CacheEntry(
                    id: row.0, namespace: row.1, key: row.2, provider: row.3, model: row.4,
                    createdAt: Date(millis: row.5), expiresAt: row.6.map(Date.init(millis:)),
                    ttl: row.7.map { Duration.milliseconds($0) }, sliding: row.8,
                    lastHitAt: row.9.map(Date.init(millis:)), hitCount: Int(row.10), size: Int(row.11),
                    inputTokens: Int(row.12), outputTokens: Int(row.13), cost: row.14.map(MicroDollars.init),
                    tags: TagList.decode(row.15), request: row.16, response: row.17))
        }
        return entries
    }
}

extension PurgeSelector {
    /// The `WHERE` clause for this selector at `now`, its parameters numbered from `$1`.
    func postgresClause(now: Date) -> (sql: String, binds: PostgresBindings) {
        var conditions: [String] = []
        var binds = PostgresBindings()
        func parameter() -> String { "$\(binds.count)" }
        if expired {
            binds.append(now.millis)
            conditions.append("(expires_at IS NOT NULL AND expires_at <= \(parameter()))")
        }
        if let namespace {
            binds.append(namespace)
            conditions.append("namespace = \(parameter())")
        }
        if let model {
            binds.append(model)
            conditions.append("model = \(parameter())")
        }
        if let olderThan {
            binds.append(now.millis.subtractingSaturated(olderThan.saturatedMilliseconds))
            conditions.append("created_at < \(parameter())")
        }
        if let key {
            binds.append(key.lowercased())
            conditions.append("key = \(parameter())")
        }
        if let tag {
            binds.append(TagList.marker(for: tag))
            conditions.append("strpos(tags, \(parameter())) > 0")
        }
        return (conditions.isEmpty ? "true" : conditions.joined(separator: " AND "), binds)
    }
}
