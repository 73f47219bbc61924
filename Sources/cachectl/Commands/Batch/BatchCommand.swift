import ArgumentParser

/// `cachectl batch`: cache-first provider batches from a JSON Lines file.
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Send a JSON Lines file of requests as a provider batch, cache first; follow it; read its answers.",
        discussion: """
            Each line of the file is a request in the provider's own batch format: Anthropic's \
            {"custom_id", "params"} or OpenAI's {"custom_id", "method": "POST", "url", "body"} (chat \
            completions or responses). Every request is looked up in the caches first; only the ones no cache \
            answers are sent, as one batch at the provider's batch rates (about half price). The job is kept in \
            the database: `status` and `results` work from any process, also after a restart. Keys come from \
            ANTHROPIC_API_KEY and OPENAI_API_KEY.
            """,
        subcommands: [
            BatchSubmitCommand.self, BatchStatusCommand.self, BatchResultsCommand.self, BatchCancelCommand.self,
            BatchListCommand.self,
        ])
}
