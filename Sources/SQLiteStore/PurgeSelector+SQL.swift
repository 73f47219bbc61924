import CacheStorage
import Foundation
import LLMCore

extension PurgeSelector {
    /// The SQL `WHERE` clause and its bindings for this selector at `now`.
    func whereClause(now: Date) -> (sql: String, bindings: [SQLBinding]) {
        var conditions: [String] = []
        var bindings: [SQLBinding] = []
        if expired {
            conditions.append("(expires_at IS NOT NULL AND expires_at <= ?)")
            bindings.append(.int(now.millis))
        }
        if let namespace {
            conditions.append("namespace = ?")
            bindings.append(.text(namespace))
        }
        if let model {
            conditions.append("model = ?")
            bindings.append(.text(model))
        }
        if let olderThan {
            conditions.append("created_at < ?")
            bindings.append(.int(now.millis.subtractingSaturated(olderThan.saturatedMilliseconds)))
        }
        if let key {
            conditions.append("key = ?")
            bindings.append(.text(key.lowercased()))
        }
        if let tag {
            conditions.append("instr(tags, ?) > 0")
            bindings.append(.text(TagList.marker(for: tag)))
        }
        return (conditions.isEmpty ? "1" : conditions.joined(separator: " AND "), bindings)
    }
}

/// A value bound to a statement parameter.
enum SQLBinding: Hashable {
    case int(Int64)
    case text(String)
}

extension SQLiteStatement {
    /// Binds `values` from parameter 1 on.
    func bind(_ values: [SQLBinding], from start: Int32 = 1) {
        for (offset, value) in values.enumerated() {
            switch value {
            case .int(let number): bind(start + Int32(offset), number)
            case .text(let text): bind(start + Int32(offset), text)
            }
        }
    }
}
