import Foundation
import LLMCore

/// A ledger that keeps records in memory, for tests and for runs that need no persistence.
public actor InMemoryCostLedger: CostLedger {
    /// The records, in the order they were appended.
    public private(set) var records: [CostRecord]

    /// A ledger holding `records`.
    public init(records: [CostRecord] = []) { self.records = records }

    /// Keeps `record` in memory.
    public func append(_ record: CostRecord) { records.append(record) }

    /// The total cost of the records in `interval` (start included, end excluded).
    public func totalSpent(in interval: DateInterval) -> MicroDollars {
        records.reduce(.zero) { interval.containsHalfOpen($1.timestamp) ? $0 + $1.cost : $0 }
    }

    /// The total cost of the records tagged `tag` in `interval` (start included, end excluded).
    public func totalSpent(in interval: DateInterval, tag: CostTag) -> MicroDollars {
        records.reduce(.zero) {
            interval.containsHalfOpen($1.timestamp) && $1.tags[tag.key] == tag.value ? $0 + $1.cost : $0
        }
    }
}
