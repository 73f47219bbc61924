import Foundation
import LLMCacheTesting
import LLMCore
import Providers
import Testing

@Suite("Transport and simulator configuration initialisers")
struct ConfigurationInitialiserTests {
    @Test("Anthropic: the defaults are the documented ones, and each parameter lands in its property")
    func anthropic() {
        let defaults = AnthropicTransport.Configuration()
        #expect(defaults.baseURL == "https://api.anthropic.com")
        #expect(defaults.apiKey == APIKey.fromEnvironment(APIKey.anthropicEnvironmentVariable))
        #expect(defaults.version == "2023-06-01")
        #expect(defaults.betas.isEmpty)
        #expect(defaults.timeout == .seconds(600))
        let given = AnthropicTransport.Configuration(
            baseURL: "http://127.0.0.1:1", apiKey: APIKey("sk-a"), version: "2024-01-01", betas: ["b"],
            timeout: .seconds(5))
        #expect(given.baseURL == "http://127.0.0.1:1")
        #expect(given.apiKey == APIKey("sk-a"))
        #expect(given.version == "2024-01-01")
        #expect(given.betas == ["b"])
        #expect(given.timeout == .seconds(5))
    }

    @Test("OpenAI: the defaults are the documented ones, and each parameter lands in its property")
    func openAI() {
        let defaults = OpenAIChatTransport.Configuration()
        #expect(defaults.baseURL == "https://api.openai.com/v1")
        #expect(defaults.apiKey == APIKey.fromEnvironment(APIKey.openAIEnvironmentVariable))
        #expect(defaults.tokenLimitField == .maxCompletionTokens)
        #expect(defaults.promptCacheKey == nil)
        #expect(defaults.extraHeaders.isEmpty)
        #expect(defaults.timeout == .seconds(600))
        let given = OpenAIChatTransport.Configuration(
            baseURL: "http://127.0.0.1:2/v1", apiKey: nil, tokenLimitField: .maxTokens, promptCacheKey: "k",
            extraHeaders: ["X-Title": "t"], timeout: .seconds(9))
        #expect(given.baseURL == "http://127.0.0.1:2/v1")
        #expect(given.apiKey == nil)
        #expect(given.tokenLimitField == .maxTokens)
        #expect(given.promptCacheKey == "k")
        #expect(given.extraHeaders == ["X-Title": "t"])
        #expect(given.timeout == .seconds(9))
    }

    @Test("remote embedder: the defaults are the documented ones, and each parameter lands in its property")
    func remoteEmbedder() {
        let defaults = RemoteEmbedder.Configuration()
        #expect(defaults.baseURL == "https://api.openai.com/v1")
        #expect(defaults.model == "text-embedding-3-small")
        #expect(defaults.dimension == 1536)
        #expect(!defaults.requestDimensions)
        #expect(defaults.batchSize == 128)
        #expect(defaults.timeLimit == .seconds(30))
        let given = RemoteEmbedder.Configuration(
            baseURL: "http://127.0.0.1:3/v1", apiKey: APIKey("sk-e"), model: "m", dimension: 8,
            requestDimensions: true, batchSize: 2, timeLimit: .seconds(1))
        #expect(given.baseURL == "http://127.0.0.1:3/v1")
        #expect(given.apiKey == APIKey("sk-e"))
        #expect(given.model == "m")
        #expect(given.dimension == 8)
        #expect(given.requestDimensions)
        #expect(given.batchSize == 2)
        #expect(given.timeLimit == .seconds(1))
    }

    @Test("HTTP client: the defaults are the documented ones, and each parameter lands in its property")
    func httpClient() {
        let defaults = ProviderHTTPClient.Configuration()
        #expect(defaults.connectTimeout == .seconds(10))
        #expect(defaults.readTimeout == .seconds(600))
        #expect(defaults.maximumConnectionsPerHost == 16)
        #expect(defaults.idleConnectionTimeout == .seconds(60))
        #expect(!defaults.retriesConnectionEstablishment)
        let given = ProviderHTTPClient.Configuration(
            connectTimeout: .seconds(1), readTimeout: .seconds(2), maximumConnectionsPerHost: 3,
            idleConnectionTimeout: .seconds(4), retriesConnectionEstablishment: true)
        #expect(given.connectTimeout == .seconds(1))
        #expect(given.readTimeout == .seconds(2))
        #expect(given.maximumConnectionsPerHost == 3)
        #expect(given.idleConnectionTimeout == .seconds(4))
        #expect(given.retriesConnectionEstablishment)
    }

    @Test("HTTP client: timeouts beyond what the pool counts in are clamped, not trapped on")
    func hugeTimeouts() async throws {
        let client = ProviderHTTPClient(
            configuration: .init(
                connectTimeout: .seconds(Int64.max), readTimeout: .seconds(Int64.max),
                idleConnectionTimeout: .seconds(Int64.max)))
        try await client.shutdown()
    }

    @Test("simulator: the defaults are the documented ones, and each parameter lands in its property")
    func simulator() {
        let defaults = SimulatorConfiguration()
        #expect(defaults.host == "127.0.0.1")
        #expect(defaults.port == 0)
        #expect(defaults.faults.isEmpty)
        #expect(defaults.requiredAPIKey == nil)
        #expect(defaults.pricingFile == nil)
        #expect(defaults.minimumCacheableTokens.isEmpty)
        #expect(defaults.defaultMinimumCacheableTokens == 1024)
        #expect(defaults.openAICacheLifetime == .seconds(600))
        #expect(defaults.defaultRetryAfter == .seconds(1))
        #expect(defaults.defaultSlowFirstByte == .seconds(2))
        #expect(defaults.streamEventInterval == .zero)
        #expect(defaults.embeddingDimension == 256)
        #expect(defaults.logger.logLevel == .warning)
        let given = SimulatorConfiguration(
            host: "0.0.0.0", port: 1, faults: [.serverError], requiredAPIKey: "k", clock: ManualClock(),
            pricingFile: URL(fileURLWithPath: "/tmp/p.json"), minimumCacheableTokens: ["m": 1],
            defaultMinimumCacheableTokens: 2, openAICacheLifetime: .seconds(3), defaultRetryAfter: .seconds(4),
            defaultSlowFirstByte: .seconds(5), streamEventInterval: .milliseconds(6), embeddingDimension: 7)
        #expect(given.host == "0.0.0.0")
        #expect(given.port == 1)
        #expect(given.faults.count == 1)
        #expect(given.requiredAPIKey == "k")
        #expect(given.clock is ManualClock)
        #expect(given.pricingFile?.path == "/tmp/p.json")
        #expect(given.minimumCacheableTokens == ["m": 1])
        #expect(given.defaultMinimumCacheableTokens == 2)
        #expect(given.openAICacheLifetime == .seconds(3))
        #expect(given.defaultRetryAfter == .seconds(4))
        #expect(given.defaultSlowFirstByte == .seconds(5))
        #expect(given.streamEventInterval == .milliseconds(6))
        #expect(given.embeddingDimension == 7)
    }

    @Test("simulated faults: a duration argument parses with the duration spellings, and prints back")
    func faultDurations() {
        #expect(SimulatedFault(headerValue: "429:250ms") == .rateLimited(retryAfter: .milliseconds(250)))
        #expect(SimulatedFault(headerValue: "slow-first-byte:1h30m") == .slowFirstByte(.seconds(5400)))
        #expect(SimulatedFault(headerValue: "429:soon") == .rateLimited(retryAfter: .seconds(1)))
        #expect(SimulatedFault.rateLimited(retryAfter: .seconds(Int64.max)).description == "429:9223372036854775807ms")
    }
}
