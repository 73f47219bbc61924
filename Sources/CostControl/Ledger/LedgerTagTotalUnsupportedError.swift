import LLMCore

/// A ledger that cannot total its spend by cost tag was asked to (the daily cap of a cost tag needs it).
public struct LedgerTagTotalUnsupportedError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The ledger's type.
    public var ledger: String
    /// The tag whose total was asked for.
    public var tag: CostTag

    /// The error for `ledger`, asked for `tag`'s total.
    public init(ledger: String, tag: CostTag) {
        self.ledger = ledger
        self.tag = tag
    }

    public var description: String {
        "the cost ledger \(ledger) cannot total spend by cost tag (asked for \(tag)), which the daily cap of a "
            + "cost tag needs: implement CostLedger.totalSpent(in:tag:) for it, or use InMemoryCostLedger, "
            + "FileCostLedger or the store's ledger"
    }
}
