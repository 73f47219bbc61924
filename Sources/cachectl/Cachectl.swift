import ArgumentParser

@main
struct Cachectl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cachectl")
    func run() async throws {}
}
