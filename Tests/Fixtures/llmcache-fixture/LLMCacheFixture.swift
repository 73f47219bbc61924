import ArgumentParser

/// `llmcache-fixture`: processes that tests start beside themselves (a second cache instance, a writer to
/// kill mid-write). Built for the tests that run it; not shipped.
@main
struct LLMCacheFixture: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llmcache-fixture",
        abstract: "Test fixtures that run as processes of their own.",
        subcommands: [SendCommand.self, WriteLoadCommand.self, ReserveCommand.self]
    )
}
