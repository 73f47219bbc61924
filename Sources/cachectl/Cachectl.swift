import ArgumentParser

@main
struct Cachectl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cachectl", subcommands: [SimilarityCommand.self])
    func run() async throws {}
}
