import ArgumentParser
import Foundation
import LLMCache
import LLMCore

/// `cachectl batch results ID`.
struct BatchResultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Wait for a batch job to end and write its answers as JSON Lines, in request order.",
        discussion: """
            Each line is {"custom_id", "source": "cache" or "batch", "response"} with the response in the \
            provider's format, or {"custom_id", "error": {"kind", "message"}} for an item without an answer \
            (expired, errored, cancelled, refused). The first call collects the batch: answers are stored in \
            the caches and booked in the ledger at the batch rates; later calls read the job.
            """)

    @Argument(help: "The job id `batch submit` printed.") var id: String
    @OptionGroup var options: BatchClientOptions
    @Option(help: "Where to write the answers (default: standard output).") var output: String?
    @Option(help: "The longest wait in seconds (default: 25 hours).") var timeout: Double?

    func run() async throws {
        let store = try await options.database.openForWriting()
        let client = try await options.client(forJob: id, store: store)
        let answers = try await client.batchResults(id: id, polling: try Self.polling(timeout: timeout))
        let progress = try await client.batchStatus(id: id)
        try Self.write(answers, provider: progress.provider, to: output)
        FileHandle.standardError.write(Data(BatchProgressText.describe(progress).utf8))
        try await store.close()
    }

    static func polling(timeout: Double?) throws -> BatchPolling {
        var polling = BatchPolling()
        if let timeout {
            guard timeout.isFinite, timeout > 0 else {
                throw ValidationError("--timeout must be a positive number of seconds")
            }
            polling.timeout = .milliseconds(Int64(saturating: (timeout * 1000).rounded()))
        }
        return polling
    }

    static func write(_ answers: [BatchAnswer], provider: ProviderID, to output: String?) throws {
        let bytes = try BatchAnswerLines.encode(answers, provider: provider)
        if let output {
            try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
    }
}
