import ArgumentParser
import CacheStorage
import CostControl
import Foundation
import LLMCache
import LLMCore
import PostgresStore
import SQLiteStore

/// `llmcache-fixture reserve`: one budget gate in its own process. Reserves `--count` calls of
/// `--amount-micros` at once, all tagged `--tag`, against a daily cap of that tag held in the shared budget
/// of the `--db` store; settles each granted one at its amount (so the ledger records it with the tag) and
/// prints one JSON line with the counts. Tests run two at once on one database to check that the tag's cap
/// holds across processes.
struct ReserveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reserve", abstract: "Reserve budget for tagged calls at once (for multi-process tests).")

    @OptionGroup var database: FixtureDatabase
    @Option(help: "The calls' cost tag, key=value.") var tag: String
    @Option(help: "The tag's daily cap in micro-dollars.") var tagDailyCapMicros: Int64
    @Option(help: "Each call's estimate and cost in micro-dollars.") var amountMicros: Int64
    @Option(help: "How many calls to reserve at once.") var count: Int
    @Option(help: "A file to wait for before reserving, so that processes start together.") var waitFor: String?

    /// The output line.
    struct Line: Codable {
        var granted: Int
        var refused: Int
        var refusedByTagDaily: Int
    }

    func run() async throws {
        guard let costTag = CostTag(parsing: tag) else { throw ValidationError("--tag must be key=value") }
        let store = try await database.open()
        let shared: (any SharedBudget)? =
            (store as? PostgresStore)?.sharedBudget ?? (store as? SQLiteStore)?.sharedBudget
        let limits = BudgetLimits(tagCaps: [costTag: TagCaps(dailyCap: MicroDollars(tagDailyCapMicros))])
        let gate = BudgetGate(limits: limits, ledger: StoreCostLedger(store: store), shared: shared)
        if let waitFor {
            while !FileManager.default.fileExists(atPath: waitFor) { try await Task.sleep(for: .milliseconds(5)) }
        }
        let amount = MicroDollars(amountMicros)
        let tags = [costTag.key: costTag.value]
        let outcomes = try await withThrowingTaskGroup(of: BudgetExceededError.Cap?.self) { group in
            for _ in 0..<count {
                group.addTask {
                    do {
                        let reservation = try await gate.reserve(amount, tags: tags)
                        let record = CostRecord(
                            model: "claude-haiku-4-5", provider: .anthropic,
                            usage: Usage(inputTokens: 10, outputTokens: 10), cost: amount, tags: tags,
                            timestamp: Date())
                        await gate.settle(reservation, with: record)
                        return nil
                    } catch let refused as BudgetExceededError {
                        return refused.cap
                    }
                }
            }
            return try await group.reduce(into: [BudgetExceededError.Cap?]()) { $0.append($1) }
        }
        _ = await gate.writeOutstanding()
        try await store.close()
        let line = Line(
            granted: outcomes.filter { $0 == nil }.count, refused: outcomes.filter { $0 != nil }.count,
            refusedByTagDaily: outcomes.filter { $0 == .tagDaily }.count)
        FileHandle.standardOutput.write(try JSONEncoder().encode(line) + Data("\n".utf8))
    }
}
