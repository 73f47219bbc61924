import ArgumentParser
import CacheStore
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore

/// `cachectl demo`: sends a few calls through a ``CachedClient`` backed by an in-process stand-in provider
/// and shows which the cache answered.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Send a few calls through the cache to an in-process stand-in provider and show the hits.",
        discussion: "Creates the database when missing. No network and no API key are needed.")

    @OptionGroup var database: DatabaseOption
    @Option(help: "Simulated provider latency in milliseconds.") var latencyMs = 150

    func run() async throws {
        let store = try database.openForWriting(create: true)
        let upstream = DeterministicTransport(latency: .milliseconds(latencyMs))
        let client = CachedClient(upstream: upstream, store: store)
        let questions = [
            "What is the capital of France?",
            "Summarise the plot of Hamlet in one sentence.",
            "What is the capital of France?",
            "Convert 100 degrees Fahrenheit to Celsius.",
            "Summarise the plot of Hamlet in one sentence.",
            "What is the capital of France?",
        ]
        var table = TextTable([("#", .right), ("Prompt", .left), ("Cache", .left), ("Latency", .right)])
        for (index, question) in questions.enumerated() {
            let request = LLMRequest(
                model: "claude-haiku-4-5", system: [TextBlock("You are a concise assistant.")],
                messages: [.user(question)], maxTokens: 256, temperature: 0)
            let started = ContinuousClock.now
            let answer = try await client.send(request)
            let elapsed = ContinuousClock.now - started
            let label = answer.cache.outcome == .hit ? "hit-\(answer.cache.layer.rawValue)" : answer.cache.outcome.rawValue
            table.append(["\(index + 1)", question, label, Self.milliseconds(elapsed)])
        }
        let creative = LLMRequest(
            model: "claude-haiku-4-5", messages: [.user("Write a haiku about caches.")], maxTokens: 64,
            temperature: 0.9)
        let started = ContinuousClock.now
        let answer = try await client.send(creative)
        table.append([
            "\(questions.count + 1)", "Write a haiku about caches. (temperature 0.9)", answer.cache.outcome.rawValue,
            Self.milliseconds(ContinuousClock.now - started),
        ])
        try await store.close()
        print(table.rendered)
        print("\nUpstream calls: \(upstream.calls) of \(questions.count + 1) requests. Database: \(store.path)")
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.2f ms", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}
