import AsyncHTTPClient
import Foundation
import LLMCacheServer
import LLMCacheTesting
import LLMCore
import NIOCore
import NIOHTTP1

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// One proxy under test: a provider simulator on loopback, the proxy in process on a free port pointed at
/// it, and a database in a temporary folder.
struct ProxyHarness: Sendable {
    let simulator: ProviderSimulator
    let server: ProxyServer
    let base: String
    let directory: URL

    /// Upstream requests the simulator received on Anthropic's route.
    var anthropicCalls: Int { simulator.requests(on: ProviderSimulator.Route.messages) }
    /// Upstream requests the simulator received on OpenAI's route.
    var openAICalls: Int { simulator.requests(on: ProviderSimulator.Route.chatCompletions) }

    /// A reply as the test sees it.
    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: String

        /// The body as JSON (`null` when it is not JSON).
        var json: JSONValue { (try? JSONValue.parse(Data(body.utf8))) ?? .null }
        /// The `x-cache` header.
        var cache: String? { headers["x-cache"] }
    }

    /// Sends `body` to `path` with `headers`.
    func send(
        _ path: String, method: HTTPMethod = .POST, body: String? = nil, headers: [(String, String)] = []
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.replaceOrAdd(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
        var map: [String: String] = [:]
        for (name, value) in response.headers { map[name.lowercased()] = value }
        return Reply(status: Int(response.status.code), headers: map, body: String(buffer: bytes))
    }

    /// An Anthropic Messages call with key `key`.
    func anthropic(
        _ question: String, key: String = "sk-ant-test-key-one", stream: Bool = false, headers: [(String, String)] = []
    ) async throws -> Reply {
        let body: JSONValue = [
            "model": "claude-haiku-4-5", "max_tokens": 128, "temperature": 0, "stream": .bool(stream),
            "messages": [["role": "user", "content": .string(question)]],
        ]
        return try await send(
            "/v1/messages", body: try CanonicalJSON.string(body),
            headers: [("x-api-key", key), ("anthropic-version", "2023-06-01")] + headers)
    }

    /// An OpenAI Chat Completions call with key `key`.
    func openAI(
        _ question: String, key: String = "sk-openai-test-key-one", stream: Bool = false,
        headers: [(String, String)] = []
    ) async throws -> Reply {
        var body: [String: JSONValue] = [
            "model": "gpt-4.1-mini", "max_completion_tokens": 128, "temperature": 0, "stream": .bool(stream),
            "messages": [
                ["role": "system", "content": "Be brief."], ["role": "user", "content": .string(question)],
            ],
        ]
        if stream { body["stream_options"] = ["include_usage": true] }
        return try await send(
            "/v1/chat/completions", body: try CanonicalJSON.string(.object(body)),
            headers: [("authorization", "Bearer \(key)")] + headers)
    }
}

/// Changes a test's proxy configuration before the proxy opens.
struct ProxySetup {
    var adjust: (inout ProxyConfiguration) -> Void = { _ in }
}

/// Runs `body` against a fresh simulator and proxy; always stops both and removes the database.
func withProxy<T: Sendable>(
    _ setup: ProxySetup = ProxySetup(),
    simulator simulatorConfiguration: SimulatorConfiguration = SimulatorConfiguration(),
    _ body: (ProxyHarness) async throws -> T
) async throws -> T {
    let simulator = ProviderSimulator(configuration: simulatorConfiguration)
    try await simulator.start()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("proxy-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let upstream = simulator.baseURL ?? ""
    var configuration = ProxyConfiguration()
    configuration.port = 0
    configuration.databasePath = directory.appendingPathComponent("cache.sqlite").path
    configuration.anthropicBaseURL = upstream
    configuration.openAIBaseURL = upstream + "/v1"
    configuration.pricingFile = packageRoot.appendingPathComponent("data/pricing.json").path
    configuration.logger.logLevel = .warning
    setup.adjust(&configuration)
    let server: ProxyServer
    do {
        server = try await ProxyServer.open(configuration: configuration)
    } catch {
        await simulator.stop()
        throw error
    }
    defer { try? FileManager.default.removeItem(at: directory) }
    do {
        let port = try await server.start()
        let harness = ProxyHarness(
            simulator: simulator, server: server, base: "http://127.0.0.1:\(port)", directory: directory)
        let result = try await body(harness)
        await server.stop()
        await simulator.stop()
        return result
    } catch {
        await server.stop()
        await simulator.stop()
        throw error
    }
}
