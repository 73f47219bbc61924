import ArgumentParser
import Foundation
import LLMCacheTesting
import Logging

/// `cachectl simulate [--port P]`: runs the provider simulator alone until interrupted.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the provider simulator (Anthropic Messages and OpenAI Chat Completions) on this machine.",
        discussion: """
            Serves POST /v1/messages, POST /v1/chat/completions, POST /v1/embeddings and GET /simulator/stats. \
            Point an Anthropic client at http://HOST:PORT and an OpenAI client at http://HOST:PORT/v1. \
            Choose a fault per request with the header x-simulator-fault (429, 429:2s, 500, 503, 529, 400, 401, \
            drop, cut-stream, stream-error, stream-error-early, slow-first-byte, slow-first-byte:300ms), or queue \
            faults for the first requests with --fault. Stops on SIGINT or SIGTERM.
            """)

    @Option(name: .long, help: "The port to listen on; 0 picks a free one.")
    var port = 0

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(
        name: .long, help: "A fault for the next request without a fault header; repeat to queue several.",
        transform: SimulatedFault.parseArgument)
    var fault: [SimulatedFault] = []

    @Option(name: .long, help: "Write the port to this file once listening (useful with --port 0).")
    var portFile: String?

    @Option(name: .long, help: "The pricing file with each model's minimum cacheable prompt.")
    var pricing: String?

    @Option(name: .long, help: "Milliseconds between streamed events.")
    var streamIntervalMs = 0

    func run() async throws {
        var logger = Logger(label: "llmcache.simulator")
        logger.logLevel =
            ProcessInfo.processInfo.environment["LLMCACHE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        let simulator = ProviderSimulator(
            configuration: SimulatorConfiguration(
                host: host, port: port, faults: fault, pricingFile: pricing.map { URL(fileURLWithPath: $0) },
                streamEventInterval: .milliseconds(max(0, streamIntervalMs)), logger: logger))
        let host = self.host
        let portFile = self.portFile
        try await ServerProcess.run(simulator, logger: logger) { bound in
            if let portFile {
                try PortFile.write(bound, to: portFile)
            }
            FileHandle.standardOutput.write(
                Data(
                    "provider simulator listening on http://\(host):\(bound) (OpenAI clients: http://\(host):\(bound)/v1)\n"
                        .utf8))
        }
        print("provider simulator stopped")
    }
}
