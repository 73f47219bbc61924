import CacheStorage
import Foundation
import LLMCore

extension SQLiteStore {
    /// Appends a priced call to the ledger; committed (durable across a crash) when this returns.
    public func appendLedger(_ row: LedgerRow) throws {
        try ensureWritable()
        let tags = String(decoding: try JSONEncoder.sorted.encode(row.tags), as: UTF8.self)
        try connection.transaction {
            let insert = try connection.prepare(
                """
                INSERT INTO ledger (at, provider, model, input_tokens, output_tokens, cache_read_tokens,
                                    cache_write_5m_tokens, cache_write_1h_tokens, cost_micros, tags, record_id, attempt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            insert.bind(1, row.at.millis).bind(2, row.provider).bind(3, row.model).bind(4, Int64(row.inputTokens))
            insert.bind(5, Int64(row.outputTokens)).bind(6, Int64(row.cacheReadTokens))
            insert.bind(7, Int64(row.cacheWrite5mTokens)).bind(8, Int64(row.cacheWrite1hTokens))
            insert.bind(9, row.cost.rawValue).bind(10, tags).bind(11, row.recordID).bind(12, Int64(row.attempt))
            try insert.run()
        }
    }

    /// Money spent in `[start, end)`.
    public func ledgerSpent(from start: Date, to end: Date) throws -> MicroDollars {
        try ensureOpen()
        let statement = try connection.prepare(
            "SELECT coalesce(sum(cost_micros), 0) FROM ledger WHERE at >= ? AND at < ?")
        statement.bind(1, start.millis).bind(2, end.millis)
        _ = try statement.step()
        let total = statement.int64(0)
        statement.reset()
        return MicroDollars(total)
    }

    /// Money spent in `[start, end)` by calls tagged `tag`.
    public func ledgerSpent(from start: Date, to end: Date, tag: CostTag) throws -> MicroDollars {
        try ensureOpen()
        let statement = try connection.prepare(
            """
            SELECT coalesce(sum(cost_micros), 0) FROM ledger WHERE at >= ? AND at < ?
                AND EXISTS (SELECT 1 FROM json_each(ledger.tags) AS tag WHERE tag.key = ? AND tag.value = ?)
            """)
        statement.bind(1, start.millis).bind(2, end.millis).bind(3, tag.key).bind(4, tag.value)
        defer { statement.reset() }
        _ = try statement.step()
        return MicroDollars(statement.int64(0))
    }

    /// Spend by model, tag and UTC day, each list capped at `limit` lines.
    public func spendSummary(limit: Int = 20) throws -> SpendSummary {
        try ensureOpen()
        let columns = """
            count(*), coalesce(sum(cost_micros), 0),
            coalesce(sum(input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens), 0),
            coalesce(sum(output_tokens), 0), coalesce(sum(cache_read_tokens), 0),
            coalesce(sum(cache_write_5m_tokens + cache_write_1h_tokens), 0)
            """
        func lines(_ sql: String) throws -> [SpendLine] {
            let statement = try connection.prepare(sql)
            statement.bind(1, Int64(limit))
            var lines: [SpendLine] = []
            while try statement.step() {
                lines.append(
                    SpendLine(
                        group: statement.string(0), calls: Int(statement.int64(1)),
                        cost: MicroDollars(statement.int64(2)),
                        inputTokens: statement.int64(3), outputTokens: statement.int64(4),
                        cacheReadTokens: statement.int64(5), cacheWriteTokens: statement.int64(6)))
            }
            return lines
        }
        let total =
            try lines("SELECT 'total', \(columns) FROM ledger LIMIT ?").first
            ?? SpendLine(group: "total", calls: 0, cost: .zero, inputTokens: 0, outputTokens: 0)
        return SpendSummary(
            total: total,
            byModel: try lines("SELECT model, \(columns) FROM ledger GROUP BY model ORDER BY 3 DESC, 1 LIMIT ?"),
            byTag: try lines(
                """
                SELECT tag.key || '=' || tag.value, \(columns) FROM ledger, json_each(ledger.tags) AS tag
                GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT ?
                """),
            byDay: try lines(
                "SELECT date(at / 1000, 'unixepoch'), \(columns) FROM ledger GROUP BY 1 ORDER BY 1 DESC LIMIT ?"))
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys, for stable stored JSON.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
