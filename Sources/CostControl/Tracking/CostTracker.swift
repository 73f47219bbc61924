import Foundation
import LLMCore

/// An immutable account of what a run has spent: ``adding(_:)`` returns a new tracker and leaves this one
/// as it was, so a tracker can be shared between tasks freely.
///
/// Totals are integer sums, so adding the same records in any order gives the same totals.
public struct CostTracker: Sendable, Hashable {
    /// The records, in the order they were added.
    public let records: [CostRecord]
    /// The tracker's spending limit: shown in ``summary`` and enforced by ``checkedAdding(_:)``
    /// (a ``BudgetGate`` enforces caps before calls are made).
    public let limit: MicroDollars?
    /// The time zone whose days ``byDay`` uses.
    public let timeZone: TimeZone
    /// The sum of every record's cost.
    public let total: MicroDollars

    /// An empty tracker.
    public init(limit: MicroDollars? = nil, timeZone: TimeZone = UTCDay.utc) {
        self.init(records: [], limit: limit, timeZone: timeZone, total: .zero)
    }

    private init(records: [CostRecord], limit: MicroDollars?, timeZone: TimeZone, total: MicroDollars) {
        self.records = records
        self.limit = limit
        self.timeZone = timeZone
        self.total = total
    }

    /// A tracker with `record` added.
    public func adding(_ record: CostRecord) -> CostTracker {
        CostTracker(records: records + [record], limit: limit, timeZone: timeZone, total: total + record.cost)
    }

    /// A tracker with `record` added, or ``BudgetExceededError`` (cap `.run`) if that would take the total over
    /// ``limit``: the tracker's hard cap for code that books costs without a ``BudgetGate``.
    public func checkedAdding(_ record: CostRecord) throws -> CostTracker {
        if let limit, total + record.cost > limit {
            throw BudgetExceededError(cap: .run, spent: total, reserved: .zero, limit: limit, estimate: record.cost)
        }
        return adding(record)
    }

    /// A tracker with every record of `more` added.
    public func adding(contentsOf more: some Sequence<CostRecord>) -> CostTracker {
        let added = Array(more)
        return CostTracker(
            records: records + added, limit: limit, timeZone: timeZone,
            total: added.reduce(total) { $0 + $1.cost })
    }

    /// The number of records.
    public var callCount: Int { records.count }

    /// What is left under ``limit``, never below zero; `nil` without a limit.
    public var remaining: MicroDollars? { limit.map { max(.zero, $0 - total) } }

    /// Spend by model.
    public var byModel: [String: MicroDollars] { sum { $0.model } }

    /// Spend by the value of tag `key`; records without the tag are left out.
    public func byTag(_ key: String) -> [String: MicroDollars] { sum { $0.tags[key] } }

    /// Spend by calendar day in ``timeZone``.
    public var byDay: [UTCDay: MicroDollars] { sum { UTCDay($0.timestamp, timeZone: timeZone) } }

    /// Number of calls per model (the model distribution).
    public var callsByModel: [String: Int] {
        records.reduce(into: [:]) { $0[$1.model, default: 0] += 1 }
    }

    /// Token totals over every record, each token counted once.
    public var tokens: (input: Int, output: Int, cacheRead: Int, cacheWrite: Int) {
        records.reduce((0, 0, 0, 0)) {
            ($0.0 + $1.inputTokens, $0.1 + $1.outputTokens, $0.2 + $1.cacheReadTokens, $0.3 + $1.cacheWriteTokens)
        }
    }

    /// `$0.0234 / $0.50 (3 calls)`, or `$0.0234 (3 calls)` without a limit.
    public var summary: String {
        let calls = callCount == 1 ? "1 call" : "\(callCount) calls"
        if let limit { return "\(total) / \(limit) (\(calls))" }
        return "\(total) (\(calls))"
    }

    private func sum<Key: Hashable>(by key: (CostRecord) -> Key?) -> [Key: MicroDollars] {
        records.reduce(into: [:]) { totals, record in
            if let group = key(record) { totals[group, default: .zero] += record.cost }
        }
    }
}
