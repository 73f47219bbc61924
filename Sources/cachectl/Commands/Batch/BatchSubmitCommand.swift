import ArgumentParser
import Foundation
import LLMCache
import LLMCore

/// `cachectl batch submit FILE.jsonl`.
struct BatchSubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Look every request of FILE up in the caches and send the rest as one provider batch.",
        discussion: """
            Prints the job id. With --wait, also waits for the batch and writes its answers (as `batch results` \
            does). Creates the database when missing.
            """)

    @Argument(help: "The JSON Lines file of requests.") var file: String
    @OptionGroup var options: BatchClientOptions
    @Option(help: "The cache namespace the requests are looked up and stored in (default: default).")
    var namespace: String?
    @Flag(help: "Wait for the batch to end and write its answers.") var wait = false
    @Option(help: "With --wait: where to write the answers (default: standard output).") var output: String?
    @Option(help: "With --wait: the longest wait in seconds (default: 25 hours).") var timeout: Double?

    func run() async throws {
        let input = try BatchInputFile(path: file)
        let store = try await options.database.openForWriting(create: true)
        let client = try options.client(for: input.provider, store: store)
        var controls = CacheControls()
        controls.namespace = namespace
        let progress = try await client.submitBatch(items: input.items, cache: controls)
        FileHandle.standardError.write(Data(BatchProgressText.describe(progress).utf8))
        print(progress.id)
        if wait {
            let answers = try await client.batchResults(
                id: progress.id, polling: try BatchResultsCommand.polling(timeout: timeout))
            try BatchResultsCommand.write(answers, provider: input.provider, to: output)
        }
        try await store.close()
    }
}
