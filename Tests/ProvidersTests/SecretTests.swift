import Foundation
import LLMCacheTesting
import LLMCore
import Logging
import Providers
import Testing

@Suite("API keys stay secret")
struct SecretTests {
    static let key = "sk-test-9f8e7d6c5b4a39281706f5e4d3c2b1a0"
    static let wrongKey = "sk-wrong-0a1b2c3d4e5f60718293a4b5c6d7e8f9"

    @Test("keys appear in no log line, error, description or stored answer")
    func keysNeverLeak() async throws {
        let capture = LogCapture()
        let logger = Logger(label: "test.secrets") { _ in CapturingLogHandler(capture: capture) }
        var configuration = SimulatorConfiguration(requiredAPIKey: Self.key)
        configuration.logger = logger
        var texts: [String] = []
        try await withSimulator(configuration) { simulator, base in
            let request = LLMRequest(model: "claude-sonnet-4-5", messages: [.user("hello")], temperature: 0)
            let good = anthropic(base, key: Self.key, logger: logger)
            let answer = try await good.send(request)
            let streamed = try await good.stream(request).response()
            let chat = try await openAI(base, key: Self.key, logger: logger).send(
                LLMRequest(provider: .openAI, model: "gpt-4.1-mini", messages: [.user("hello")]))
            for response in [answer, streamed, chat] {
                texts.append(String(decoding: try JSONEncoder().encode(response), as: UTF8.self))
            }
            texts.append(try CacheKey(request).hex)
            texts.append(String(describing: good.configuration))
            texts.append(String(reflecting: good.configuration))
            texts.append("\(APIKey(Self.key))")
            texts.append(String(reflecting: APIKey(Self.key)))
            texts.append(String(describing: Mirror(reflecting: APIKey(Self.key)).children.map(\.value)))

            // A rejected key is echoed by the server; the error must not repeat it.
            for transport in [
                anthropic(base, key: Self.wrongKey, logger: logger) as any StreamingLLMTransport,
                openAI(base, key: Self.wrongKey, logger: logger),
            ] {
                do {
                    _ = try await transport.send(request)
                    Issue.record("a wrong key was accepted")
                } catch let error as ProviderError {
                    #expect(error.kind == .http(status: 401))
                    #expect(error.message.contains("[redacted]"))
                    texts.append(String(describing: error))
                    texts.append(String(reflecting: error))
                    texts.append(error.message)
                }
                do {
                    _ = try await transport.stream(request).response()
                } catch {
                    texts.append(String(describing: error))
                }
            }
            let stats = try JSONEncoder().encode(simulator.statistics)
            texts.append(String(decoding: stats, as: UTF8.self))
            for route in [ProviderSimulator.Route.messages, ProviderSimulator.Route.chatCompletions] {
                texts.append(String(describing: simulator.lastRequestBody(on: route)))
            }
        }
        texts += capture.all
        #expect(capture.all.contains { $0.contains("provider request") }, "debug logging was captured")
        for text in texts {
            for secret in [Self.key, Self.wrongKey] {
                #expect(!text.contains(secret), "leaked in: \(text.prefix(200))")
                #expect(!text.contains(String(secret.suffix(12))), "leaked in: \(text.prefix(200))")
            }
        }
    }

    @Test("keys come from the environment")
    func environment() {
        let key = APIKey.fromEnvironment("ANTHROPIC_API_KEY", environment: ["ANTHROPIC_API_KEY": " \(Self.key)\n"])
        #expect(key == APIKey(Self.key))
        #expect(APIKey.fromEnvironment("OPENAI_API_KEY", environment: ["OPENAI_API_KEY": ""]) == nil)
        #expect(key?.description == "APIKey(redacted)")
    }
}
