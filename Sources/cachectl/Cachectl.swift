import ArgumentParser
import Foundation
import Logging

@main
struct Cachectl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cachectl",
        abstract: "Inspect, clear and exercise an LLMCache database.",
        discussion: """
            Every subcommand takes --db PATH. Without it, the database is $LLMCACHE_DB, else \
            $XDG_DATA_HOME/llmcache/cache.sqlite, else ~/.local/share/llmcache/cache.sqlite.
            Set LLMCACHE_LOG_LEVEL (trace, debug, info, notice, warning, error) for more or less logging.
            """,
        subcommands: [
            StatsCommand.self, PurgeCommand.self, ListCommand.self, ShowCommand.self, SimilarityCommand.self,
            PricingCommand.self, BenchCommand.self, CalibrateCommand.self, SimulateCommand.self, ServeCommand.self,
            DemoCommand.self, BatchCommand.self,
        ]
    )

    static func main() async {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            let level = ProcessInfo.processInfo.environment["LLMCACHE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
            handler.logLevel = level ?? .warning
            return handler
        }
        do {
            var command = try parseAsRoot()
            if let serve = command as? ServeCommand { serve.executor.install() }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
