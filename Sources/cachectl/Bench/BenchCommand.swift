import ArgumentParser

/// `cachectl bench …`: offline benchmarks of the caching layers.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run offline benchmarks of the caches.",
        subcommands: [HitRateCommand.self, CostBenchCommand.self]
    )
}
