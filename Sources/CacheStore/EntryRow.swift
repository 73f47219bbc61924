import Foundation
import LLMCore

/// How an entry maps to and from a row of the `entries` table.
enum EntryRow {
    static let select = """
        SELECT id, namespace, key, provider, model, created_at, expires_at, ttl_ms, sliding, last_hit_at,
               hit_count, size, input_tokens, output_tokens, cost_micros, tags, request, response
        FROM entries
        """

    /// The same columns without the request body (read as NULL), for the lookup path, which serves only
    /// the response.
    static let selectForLookup = """
        SELECT id, namespace, key, provider, model, created_at, expires_at, ttl_ms, sliding, last_hit_at,
               hit_count, size, input_tokens, output_tokens, cost_micros, tags, NULL, response
        FROM entries
        """

    /// The lookup of one entry by namespace and key (built once, so the hot path neither concatenates nor
    /// re-hashes a new string).
    static let lookupByKey = selectForLookup + " WHERE namespace = ? AND key = ?"

    /// The lookup of one entry by row id.
    static let lookupByID = selectForLookup + " WHERE id = ?"

    static let upsert = """
        INSERT INTO entries (namespace, key, provider, model, created_at, expires_at, ttl_ms, sliding,
                             last_used_at, size, input_tokens, output_tokens, cost_micros, tags, request, response)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (namespace, key) DO UPDATE SET
            provider = excluded.provider, model = excluded.model, created_at = excluded.created_at,
            expires_at = excluded.expires_at, ttl_ms = excluded.ttl_ms, sliding = excluded.sliding,
            last_hit_at = NULL, last_used_at = excluded.last_used_at, hit_count = 0, size = excluded.size,
            input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
            cost_micros = excluded.cost_micros, tags = excluded.tags, request = excluded.request,
            response = excluded.response
        RETURNING id
        """

    static func bind(_ entry: NewCacheEntry, now: Int64, to statement: SQLiteStatement) {
        statement.bind(1, entry.namespace).bind(2, entry.key).bind(3, entry.provider).bind(4, entry.model)
        statement.bind(5, now).bind(6, entry.ttl.map { now + $0.milliseconds }).bind(7, entry.ttl?.milliseconds)
        statement.bind(8, Int64(entry.sliding ? 1 : 0)).bind(9, now).bind(10, Int64(entry.size))
        statement.bind(11, Int64(entry.inputTokens)).bind(12, Int64(entry.outputTokens)).bind(13, entry.costMicros)
        statement.bind(14, TagList.encode(entry.tags)).bind(15, entry.request).bind(16, entry.response)
    }

    static func read(_ row: SQLiteStatement) -> CacheEntry {
        CacheEntry(
            id: row.int64(0), namespace: row.string(1), key: row.string(2), provider: row.string(3),
            model: row.string(4), createdAt: Date(millis: row.int64(5)),
            expiresAt: row.optionalInt64(6).map(Date.init(millis:)),
            ttl: row.optionalInt64(7).map(TimeSpan.init(milliseconds:)), sliding: row.int64(8) != 0,
            lastHitAt: row.optionalInt64(9).map(Date.init(millis:)), hitCount: Int(row.int64(10)),
            size: Int(row.int64(11)), inputTokens: Int(row.int64(12)), outputTokens: Int(row.int64(13)),
            costMicros: row.optionalInt64(14), tags: TagList.decode(row.string(15)),
            request: row.isNull(16) ? nil : row.data(16), response: row.data(17))
    }
}
