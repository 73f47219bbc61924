import Foundation
import LLMCacheTesting
import LLMCore
import Logging
import Providers
import Synchronization

/// Runs `body` against a fresh simulator on an ephemeral loopback port, and always stops it.
func withSimulator<T: Sendable>(
    _ configuration: SimulatorConfiguration = SimulatorConfiguration(),
    _ body: (ProviderSimulator, String) async throws -> T
) async throws -> T {
    let simulator = ProviderSimulator(configuration: configuration)
    try await simulator.start()
    let base = simulator.baseURL ?? ""
    do {
        let result = try await body(simulator, base)
        await simulator.stop()
        return result
    } catch {
        await simulator.stop()
        throw error
    }
}

func anthropic(_ base: String, key: String? = nil, timeout: Duration = .seconds(30), logger: Logger? = nil)
    -> AnthropicTransport
{
    AnthropicTransport(
        configuration: .init(baseURL: base, apiKey: key.map(APIKey.init), timeout: timeout),
        logger: logger ?? Logger(label: "test.anthropic"))
}

func openAI(_ base: String, key: String? = nil, timeout: Duration = .seconds(30), logger: Logger? = nil)
    -> OpenAIChatTransport
{
    OpenAIChatTransport(
        configuration: .init(baseURL: base + "/v1", apiKey: key.map(APIKey.init), timeout: timeout),
        logger: logger ?? Logger(label: "test.openai"))
}

/// A response with its id blanked, for comparing two calls.
func withoutID(_ response: LLMResponse) -> LLMResponse {
    var copy = response
    copy.id = ""
    return copy
}

/// Log lines captured from every logger made with ``CapturingLogHandler``.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// A log handler that keeps every message with its metadata, at trace level.
struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        for (key, value) in event.metadata ?? [:] { all[key] = value }
        capture.append("\(event.level) \(event.message) \(all) \(event.error.map { "\($0)" } ?? "")")
    }
}

/// A one-pixel PNG.
let tinyPNG =
    Data(
        base64Encoded:
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    ) ?? Data()

/// Text of about `tokens` Anthropic tokens (3.5 bytes each).
func longText(tokens: Int, seed: String = "cache") -> String {
    let sentence = "The \(seed) prefix sentence number repeats to make a long prompt. "
    var text = ""
    while Double(text.utf8.count) / 3.5 < Double(tokens) { text += sentence }
    return text
}
