import LLMCore
import Logging

/// Cost records the ledger could not take yet, and shared settlements the shared budget could not take yet,
/// each oldest first.
struct OutstandingWrites: Sendable {
    /// At most this many records are kept; past it the oldest are dropped (and logged as an error), so an
    /// outage that never ends cannot use up memory.
    static let limit = 100_000
    /// How long after a failed write the next try comes, when no settlement comes first.
    static let retryDelay: Duration = .seconds(5)

    var records: [CostRecord] = []
    var settlements: [(SharedReservation, MicroDollars)] = []
    /// Whether the last write failed (a failure is logged as a warning once, then at debug level).
    var failing = false
    /// The next try, while something is outstanding.
    var retry: Task<Void, Never>?

    var isEmpty: Bool { records.isEmpty && settlements.isEmpty }
}

extension BudgetGate {
    /// Cost records settled but not yet written to the ledger (while it cannot be reached).
    public var unwrittenRecords: Int { outstanding.records.count }

    /// Writes what the ledger and the shared budget could not take when it was settled; returns whether
    /// nothing is left. Each settlement tries this too, and while something is outstanding it is tried every
    /// few seconds; call it before shutting down.
    @discardableResult
    public func writeOutstanding() async -> Bool {
        await acquireLedger()
        defer { releaseLedger() }
        await writeOutstandingHoldingLedger()
        return outstanding.isEmpty
    }

    /// The same, for a caller that holds the ledger's turn.
    func writeOutstandingHoldingLedger() async {
        guard !outstanding.isEmpty else { return }
        var failure: (any Error)?
        if let shared {
            while failure == nil, let (part, cost) = outstanding.settlements.first {
                do {
                    try await shared.settle(part, cost: cost)
                    outstanding.settlements.removeFirst()
                } catch {
                    failure = error
                }
            }
        }
        if let ledger {
            while failure == nil, let record = outstanding.records.first {
                do {
                    try await ledger.append(record)
                    outstanding.records.removeFirst()
                } catch {
                    failure = error
                }
            }
        }
        if outstanding.records.count > OutstandingWrites.limit {
            let dropped = outstanding.records.count - OutstandingWrites.limit
            outstanding.records.removeFirst(dropped)
            logger.error(
                "cost ledger unreachable for too long; dropped the oldest unwritten records",
                metadata: ["dropped": "\(dropped)"])
        }
        report(failure)
    }

    private func retryOutstanding() async {
        outstanding.retry = nil
        await writeOutstanding()
    }

    private func report(_ failure: (any Error)?) {
        let waiting: Logger.Metadata = [
            "records": "\(outstanding.records.count)", "settlements": "\(outstanding.settlements.count)",
        ]
        if let failure {
            let level: Logger.Level = outstanding.failing ? .debug : .warning
            outstanding.failing = true
            if outstanding.retry == nil {
                outstanding.retry = Task { [weak self] in
                    try? await Task.sleep(for: OutstandingWrites.retryDelay)
                    await self?.retryOutstanding()
                }
            }
            logger.log(
                level: level, "could not write spend; kept in memory and written when the store answers",
                metadata: waiting.merging(["error": "\(failure)"]) { $1 })
        } else if outstanding.failing {
            outstanding.failing = false
            logger.notice("spend written again after a failure; nothing outstanding")
        }
    }
}
