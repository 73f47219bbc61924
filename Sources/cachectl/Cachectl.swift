import ArgumentParser

@main
struct Cachectl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cachectl", subcommands: [PricingCommand.self])
    func run() async throws {}
}
