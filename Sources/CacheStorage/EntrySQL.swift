/// The SQL over the entries table that the SQLite and PostgreSQL stores share: the same columns, in the
/// order their row readers expect, and the same upsert. Only the table's name, the parameter style (`?` or
/// `$n`) and how a NULL request is typed differ.
package struct EntrySQL: Sendable {
    /// Every column, request included.
    package let select: String
    /// The same columns with the request read as NULL, for lookups, which serve only the response.
    package let selectForLookup: String
    /// The lookup of one entry by namespace and key (built once, so the hot path never concatenates).
    package let lookupByKey: String
    /// The lookup of one entry by row id.
    package let lookupByID: String
    /// Inserts an entry, or replaces the one with the same namespace and key (its hits start over); returns
    /// the row id. Parameters 1 to 16 are the columns of ``insertedColumns``, in order.
    package let upsert: String

    /// The columns an upsert writes, in parameter order.
    static let insertedColumns = [
        "namespace", "key", "provider", "model", "created_at", "expires_at", "ttl_ms", "sliding", "last_used_at",
        "size", "input_tokens", "output_tokens", "cost_micros", "tags", "request", "response",
    ]

    /// - Parameters:
    ///   - table: the entries table.
    ///   - nullRequest: a NULL in the request column's type.
    ///   - parameter: the text of the query parameter numbered from 1.
    package init(table: String, nullRequest: String, parameter: (Int) -> String) {
        let columns = """
            id, namespace, key, provider, model, created_at, expires_at, ttl_ms, sliding, last_hit_at,
            hit_count, size, input_tokens, output_tokens, cost_micros, tags
            """
        select = "SELECT \(columns), request, response FROM \(table)"
        selectForLookup = "SELECT \(columns), \(nullRequest), response FROM \(table)"
        lookupByKey = selectForLookup + " WHERE namespace = \(parameter(1)) AND key = \(parameter(2))"
        lookupByID = selectForLookup + " WHERE id = \(parameter(1))"
        let values = Self.insertedColumns.indices.map { parameter($0 + 1) }.joined(separator: ", ")
        upsert = """
            INSERT INTO \(table) (\(Self.insertedColumns.joined(separator: ", ")))
            VALUES (\(values))
            ON CONFLICT (namespace, key) DO UPDATE SET
                provider = excluded.provider, model = excluded.model, created_at = excluded.created_at,
                expires_at = excluded.expires_at, ttl_ms = excluded.ttl_ms, sliding = excluded.sliding,
                last_hit_at = NULL, last_used_at = excluded.last_used_at, hit_count = 0, size = excluded.size,
                input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
                cost_micros = excluded.cost_micros, tags = excluded.tags, request = excluded.request,
                response = excluded.response
            RETURNING id
            """
    }
}
