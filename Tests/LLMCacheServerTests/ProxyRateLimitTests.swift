import CostControl
import Foundation
import LLMCacheServer
import LLMCore
import Testing

@Suite("Proxy: rate limits")
struct ProxyRateLimitTests {
    @Test("per API key: over the rate a 429 in the caller's format with retry-after; another key is not limited")
    func perKey() async throws {
        // One request a minute: the bucket refills one call in 60 s, far longer than the test takes.
        try await withProxy(ProxySetup { $0.rateLimits = RateLimits(perCaller: .init(requestsPerMinute: 1)) }) {
            (proxy: ProxyHarness) async throws in
            #expect(try await proxy.anthropic("One").status == 200)
            #expect(try await proxy.anthropic("One").status == 200, "a hit draws nothing")
            let limited = try await proxy.anthropic("Two")
            #expect(limited.status == 429)
            #expect(limited.json["error"]?["type"] == "rate_limit_error")
            let retryAfter = Int(limited.headers["retry-after"] ?? "") ?? 0
            #expect((1...60).contains(retryAfter), "whole seconds until the bucket has room: \(retryAfter)")
            #expect(limited.json["error"]?["message"]?.stringValue?.contains("1 requests per minute") == true)
            let openAI = try await proxy.openAI("Three", key: "sk-openai-other-key")
            #expect(openAI.status == 200)
            #expect(proxy.simulator.statistics.recentCalls.count == 2)
            let metrics = try await proxy.send("/metrics", method: .GET).body
            #expect(metrics.contains(#"llmcache_rate_limit_calls_total{outcome="refused"} 1"#), "\(metrics)")
        }
    }

    @Test("the rate_limits object of the configuration file, with its errors")
    func configurationFile() throws {
        var configuration = ProxyConfiguration()
        try ProxyConfigurationFile.decode(
            Data(
                #"{"rate_limits": {"per_namespace": {"requests_per_minute": 60}, "per_api_key": {"tokens_per_minute": 90000}, "per_tag": {"feature=search": {"requests_per_minute": 5}}, "max_wait": "2s"}}"#
                    .utf8), source: "proxy.json"
        ).apply(to: &configuration, environment: [:])
        #expect(
            configuration.rateLimits
                == RateLimits(
                    perNamespace: .init(requestsPerMinute: 60), perCaller: .init(tokensPerMinute: 90_000),
                    perTag: ["feature=search": .init(requestsPerMinute: 5)], maxWait: .seconds(2)))
        for (json, words) in [
            (#"{"rate_limits": {"per_namespace": {"requests_per_minute": 0}}}"#, "at least 1"),
            (#"{"rate_limits": {"per_tag": {"search": {"requests_per_minute": 1}}}}"#, "key=value"),
            (#"{"rate_limits": {"per_key": {}}}"#, "per_api_key"),
        ] {
            let error = #expect(throws: ProxyConfigurationError.self) {
                try ProxyConfigurationFile.decode(Data(json.utf8), source: "proxy.json")
            }
            #expect(error?.message.contains("rate_limits") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains(words) == true, "\(error?.message ?? "")")
        }
    }
}
