import CacheStorage
import Foundation
import LLMCore
import PostgresNIO

extension PostgresStore {
    /// Appends a priced call to the shared ledger; committed when this returns.
    public func appendLedger(_ row: LedgerRow) async throws {
        try ensureWritable()
        let tags = String(decoding: try JSONEncoder.sortedKeys.encode(row.tags), as: UTF8.self)
        try await access.run("append to the ledger") { client in
            try await client.query(
                """
                INSERT INTO llmcache_ledger (at, provider, model, input_tokens, output_tokens, cache_read_tokens,
                                             cache_write_5m_tokens, cache_write_1h_tokens, cost_micros, tags,
                                             record_id, attempt)
                VALUES (\(row.at.millis), \(row.provider), \(row.model), \(Int64(row.inputTokens)),
                        \(Int64(row.outputTokens)), \(Int64(row.cacheReadTokens)), \(Int64(row.cacheWrite5mTokens)),
                        \(Int64(row.cacheWrite1hTokens)), \(row.cost.rawValue), \(tags)::jsonb, \(row.recordID),
                        \(Int64(row.attempt)))
                """)
        }
    }

    /// Money spent in `[start, end)` by every instance.
    public func ledgerSpent(from start: Date, to end: Date) async throws -> MicroDollars {
        try ensureOpen()
        let (from, to) = (start.millis, end.millis)
        return try await access.run("sum the ledger") { client in
            var total: Int64 = 0
            for try await found in try await client.query(
                "SELECT coalesce(sum(cost_micros), 0)::BIGINT FROM llmcache_ledger WHERE at >= \(from) AND at < \(to)"
            ).decode(Int64.self) {
                total = found
            }
            return MicroDollars(total)
        }
    }

    /// Money spent in `[start, end)` by every instance's calls tagged `tag`.
    public func ledgerSpent(from start: Date, to end: Date, tag: CostTag) async throws -> MicroDollars {
        try ensureOpen()
        let (from, to) = (start.millis, end.millis)
        return try await access.run("sum the ledger for a tag") { client in
            var total: Int64 = 0
            for try await found in try await client.query(
                """
                SELECT coalesce(sum(cost_micros), 0)::BIGINT FROM llmcache_ledger
                WHERE at >= \(from) AND at < \(to) AND tags ->> \(tag.key)::TEXT = \(tag.value)::TEXT
                """
            ).decode(Int64.self) {
                total = found
            }
            return MicroDollars(total)
        }
    }

    /// Spend by model, tag and UTC day, each list capped at `limit` lines.
    public func spendSummary(limit: Int = 20) async throws -> SpendSummary {
        try ensureOpen()
        let columns = """
            count(*), coalesce(sum(cost_micros), 0)::BIGINT,
            coalesce(sum(input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens), 0)::BIGINT,
            coalesce(sum(output_tokens), 0)::BIGINT, coalesce(sum(cache_read_tokens), 0)::BIGINT,
            coalesce(sum(cache_write_5m_tokens + cache_write_1h_tokens), 0)::BIGINT
            """
        let limit = Int64(limit)
        let day = "to_char(to_timestamp(at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
        let statements = [
            "SELECT 'total', \(columns) FROM llmcache_ledger LIMIT $1",
            "SELECT model, \(columns) FROM llmcache_ledger GROUP BY model ORDER BY 3 DESC, 1 LIMIT $1",
            """
            SELECT tag.key || '=' || tag.value, \(columns) FROM llmcache_ledger, jsonb_each_text(tags) AS tag
            GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT $1
            """,
            "SELECT \(day), \(columns) FROM llmcache_ledger GROUP BY 1 ORDER BY 1 DESC LIMIT $1",
        ]
        let groups = try await access.run("summarise spend") { client in
            var groups: [[SpendLine]] = []
            for sql in statements {
                var binds = PostgresBindings(capacity: 1)
                binds.append(limit)
                let query = PostgresQuery(unsafeSQL: sql, binds: binds)
                var lines: [SpendLine] = []
                for try await (group, calls, cost, input, output, read, write) in try await client.query(query).decode(
                    (String, Int64, Int64, Int64, Int64, Int64, Int64).self)
                {
                    lines.append(
                        SpendLine(
                            group: group, calls: Int(calls), cost: MicroDollars(cost), inputTokens: input,
                            outputTokens: output,
                            cacheReadTokens: read, cacheWriteTokens: write))
                }
                groups.append(lines)
            }
            return groups
        }
        return SpendSummary(
            total: groups[0].first
                ?? SpendLine(group: "total", calls: 0, cost: .zero, inputTokens: 0, outputTokens: 0),
            byModel: groups[1], byTag: groups[2], byDay: groups[3])
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys, for stable stored JSON.
    static var sortedKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
