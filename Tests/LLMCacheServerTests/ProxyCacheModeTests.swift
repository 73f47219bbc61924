import Foundation
import LLMCache
import LLMCacheServer
import LLMCore
import Testing

@Suite("Proxy: cache modes")
struct ProxyCacheModeTests {
    /// An Anthropic body without a temperature, as anthropic 2.14's `messages.create` sends it.
    static func body(_ question: String, temperature: Double? = nil) -> String {
        let sampling = temperature.map { #","temperature":\#($0)"# } ?? ""
        return
            #"{"model":"claude-haiku-4-5","max_tokens":32,"messages":[{"role":"user","content":"\#(question)"}]\#(sampling)}"#
    }

    static let key = [("x-api-key", "sk-one")]

    @Test("by default every call is cached: a call without a temperature hits on its repeat; temperatures never mix")
    func allByDefault() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            #expect(try await proxy.send("/v1/messages", body: Self.body("Hi"), headers: Self.key).cache == "miss")
            #expect(try await proxy.send("/v1/messages", body: Self.body("Hi"), headers: Self.key).cache == "hit-exact")
            let warm = Self.body("Hi", temperature: 0.7)
            #expect(try await proxy.send("/v1/messages", body: warm, headers: Self.key).cache == "miss")
            #expect(proxy.anthropicCalls == 2)
            let strict = try await proxy.send(
                "/v1/messages", body: Self.body("Hi"), headers: Self.key + [("x-cache-mode", "deterministic")])
            #expect(strict.cache == "bypass")
            #expect(strict.headers["x-cache-reason"]?.contains("x-cache-mode: all") == true)
        }
    }

    @Test("a deterministic proxy says why it bypasses, and x-cache-mode: all caches one request")
    func deterministicProxy() async throws {
        let setup = ProxySetup { configuration in configuration.cacheMode = .deterministic }
        try await withProxy(setup) { (proxy: ProxyHarness) async throws in
            let bypass = try await proxy.send("/v1/messages", body: Self.body("Hello"), headers: Self.key)
            #expect(bypass.cache == "bypass")
            let reason = bypass.headers["x-cache-reason"] ?? ""
            #expect(reason.contains("temperature unset"), "\(reason)")
            #expect(reason.contains("--cache-mode all"), "\(reason)")
            let all = Self.key + [("x-cache-mode", "all")]
            #expect(try await proxy.send("/v1/messages", body: Self.body("Hello"), headers: all).cache == "miss")
            #expect(try await proxy.send("/v1/messages", body: Self.body("Hello"), headers: all).cache == "hit-exact")
            #expect(try await proxy.anthropic("Deterministic").cache == "miss")
            #expect(try await proxy.anthropic("Deterministic").cache == "hit-exact")
        }
    }

    @Test("an unknown x-cache-mode is a 400 that names the choices")
    func unknownMode() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let reply = try await proxy.send(
                "/v1/messages", body: Self.body("Hi"), headers: Self.key + [("x-cache-mode", "sometimes")])
            #expect(reply.status == 400)
            #expect(reply.json["error"]?["message"]?.stringValue?.contains("all or deterministic") == true)
        }
    }

    @Test("the configuration file takes cache_mode, and the older cache_non_deterministic")
    func configuration() throws {
        var configuration = ProxyConfiguration()
        #expect(configuration.cacheMode == .all)
        try ProxyConfigurationFile.decode(Data(#"{"cache_mode": "deterministic"}"#.utf8)).apply(
            to: &configuration, environment: [:])
        #expect(configuration.cacheMode == .deterministic)
        try ProxyConfigurationFile.decode(Data(#"{"cache_non_deterministic": true}"#.utf8)).apply(
            to: &configuration, environment: [:])
        #expect(configuration.cacheMode == .all)
        #expect(throws: ProxyConfigurationError.self) {
            try ProxyConfigurationFile.decode(Data(#"{"cache_mode": "some"}"#.utf8)).apply(
                to: &configuration, environment: [:])
        }
    }
}
