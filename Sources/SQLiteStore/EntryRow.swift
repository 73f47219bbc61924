import CacheStorage
import Foundation
import LLMCore

/// How an entry maps to and from a row of the `entries` table.
enum EntryRow {
    /// The entry SQL for the `entries` table.
    static let sql = EntrySQL(table: "entries", nullRequest: "NULL", parameter: { _ in "?" })

    static func bind(_ entry: NewCacheEntry, now: Int64, to statement: SQLiteStatement) {
        statement.bind(1, entry.namespace).bind(2, entry.key).bind(3, entry.provider).bind(4, entry.model)
        statement.bind(5, now).bind(6, entry.ttl.map { $0.expiry(after: now) }).bind(
            7, entry.ttl?.saturatedMilliseconds)
        statement.bind(8, Int64(entry.sliding ? 1 : 0)).bind(9, now).bind(10, Int64(entry.size))
        statement.bind(11, Int64(entry.inputTokens)).bind(12, Int64(entry.outputTokens)).bind(13, entry.cost?.rawValue)
        statement.bind(14, TagList.encode(entry.tags)).bind(15, entry.request).bind(16, entry.response)
    }

    static func read(_ row: SQLiteStatement) -> CacheEntry {
        CacheEntry(
            id: row.int64(0), namespace: row.string(1), key: row.string(2), provider: row.string(3),
            model: row.string(4), createdAt: Date(millis: row.int64(5)),
            expiresAt: row.optionalInt64(6).map(Date.init(millis:)),
            ttl: row.optionalInt64(7).map { Duration.milliseconds($0) }, sliding: row.int64(8) != 0,
            lastHitAt: row.optionalInt64(9).map(Date.init(millis:)), hitCount: Int(row.int64(10)),
            size: Int(row.int64(11)), inputTokens: Int(row.int64(12)), outputTokens: Int(row.int64(13)),
            cost: row.optionalInt64(14).map(MicroDollars.init), tags: TagList.decode(row.string(15)),
            request: row.isNull(16) ? nil : row.data(16), response: row.data(17))
    }
}
