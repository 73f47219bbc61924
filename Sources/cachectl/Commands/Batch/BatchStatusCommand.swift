import ArgumentParser
import Foundation
import LLMCache

/// `cachectl batch status ID`.
struct BatchStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show where a batch job stands (asking the provider while it runs).")

    @Argument(help: "The job id `batch submit` printed.") var id: String
    @OptionGroup var options: BatchClientOptions

    func run() async throws {
        let store = try await options.database.openForReading()
        let client = try await options.client(forJob: id, store: store)
        print(BatchProgressText.describe(try await client.batchStatus(id: id)), terminator: "")
        try await store.close()
    }
}

/// `cachectl batch list`.
struct BatchListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the newest batch jobs in the database.")

    @OptionGroup var database: DatabaseOption
    @Option(help: "How many jobs to show.") var limit = 20

    func run() async throws {
        let store = try await database.openForReading()
        let jobs = try await store.batches(limit: max(limit, 1))
        var table = TextTable([
            ("Job", .left), ("Provider", .left), ("Provider batch", .left), ("Status", .left), ("Items", .right),
            ("Created", .left),
        ])
        for job in jobs {
            table.append([
                job.id, job.provider.rawValue, job.providerBatchID ?? "-", job.status, String(job.itemCount),
                ISO8601DateFormatter().string(from: job.createdAt),
            ])
        }
        print(jobs.isEmpty ? "no batch jobs in \(database.resolvedPath)" : table.rendered)
        try await store.close()
    }
}

/// A batch job's progress as a few lines of text.
enum BatchProgressText {
    static func describe(_ progress: BatchProgress) -> String {
        var lines = [
            "job \(progress.id) (\(progress.provider), provider batch \(progress.providerBatchID ?? "none: nothing to send"))",
            "  \(progress.isComplete ? "complete" : "waiting for the provider"): \(progress.itemCount) requests, "
                + "\(progress.cacheHits) from the cache, \(progress.pending) pending, \(progress.answered) answered by "
                + "the batch, \(progress.failed) without an answer",
        ]
        if let status = progress.providerStatus {
            lines.append(
                "  provider: \(status.providerStatus), \(status.processing) processing, \(status.succeeded) succeeded, "
                    + "\(status.errored) errored, \(status.expired) expired, \(status.canceled) cancelled")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `cachectl batch cancel ID`.
struct BatchCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Ask the provider to cancel a batch job; `batch results` then gives what it answered.")

    @Argument(help: "The job id `batch submit` printed.") var id: String
    @OptionGroup var options: BatchClientOptions

    func run() async throws {
        let store = try await options.database.openForWriting()
        let client = try await options.client(forJob: id, store: store)
        print(BatchProgressText.describe(try await client.cancelBatch(id: id)), terminator: "")
        try await store.close()
    }
}
