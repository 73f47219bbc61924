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

    @Test("two proxies on one database file share the rate: a call through one uses the other's room")
    func sharedAcrossProxies() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("proxy-rates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("shared.sqlite").path
        // One request a minute per key: the bucket refills one call in 60 s, far longer than the test takes.
        let setup = ProxySetup {
            $0.databasePath = database
            $0.rateLimits = RateLimits(perCaller: .init(requestsPerMinute: 1))
        }
        try await withProxy(setup) { (first: ProxyHarness) async throws in
            try await withProxy(setup) { (second: ProxyHarness) async throws in
                #expect(try await first.anthropic("One").status == 200)
                let limited = try await second.anthropic("Two")
                #expect(limited.status == 429, "the first proxy's call took the minute's one request")
                #expect(limited.headers["retry-after"] != nil)
                #expect(second.simulator.statistics.recentCalls.isEmpty)
                #expect(try await second.openAI("Three", key: "sk-openai-other-key").status == 200)
                let metrics = try await second.send("/metrics", method: .GET).body
                #expect(metrics.contains(#"llmcache_rate_limit_calls_total{outcome="refused"} 1"#), "\(metrics)")
                #expect(metrics.contains(#"llmcache_rate_limit_calls_total{outcome="store_unavailable"} 0"#))
            }
        }
    }

    @Test("shared rates that cannot be checked: a 503 when configured to refuse, else this proxy's own rates")
    func storeUnavailable() async throws {
        for policy in [SharedRateFailurePolicy.refuse, .localBuckets] {
            let setup = ProxySetup {
                $0.rateLimits = RateLimits(perCaller: .init(requestsPerMinute: 1), whenSharedUnavailable: policy)
            }
            try await withProxy(setup) { (proxy: ProxyHarness) async throws in
                try await proxy.server.client.store.close()
                let reply = try await proxy.anthropic("One")
                if policy == .refuse {
                    #expect(reply.status == 503)
                    #expect(reply.headers["retry-after"] == "5")
                    #expect(reply.json["error"]?["message"]?.stringValue?.contains("shared rate limits") == true)
                    #expect(proxy.anthropicCalls == 0)
                } else {
                    #expect(reply.status == 200)
                    #expect(try await proxy.anthropic("Two").status == 429, "this proxy's own bucket had one call")
                }
                let metrics = try await proxy.send("/metrics", method: .GET).body
                let unshared = policy == .refuse ? 1 : 2
                #expect(
                    metrics.contains(#"llmcache_rate_limit_calls_total{outcome="store_unavailable"} \#(unshared)"#),
                    "\(metrics)")
            }
        }
    }

    @Test("the rate_limits object of the configuration file, with its errors")
    func configurationFile() throws {
        var configuration = ProxyConfiguration()
        try ProxyConfigurationFile.decode(
            Data(
                #"{"rate_limits": {"per_namespace": {"requests_per_minute": 60}, "per_api_key": {"tokens_per_minute": 90000}, "per_tag": {"feature=search": {"requests_per_minute": 5}}, "max_wait": "2s", "when_store_unavailable": "refuse"}}"#
                    .utf8), source: "proxy.json"
        ).apply(to: &configuration, environment: [:])
        #expect(
            configuration.rateLimits
                == RateLimits(
                    perNamespace: .init(requestsPerMinute: 60), perCaller: .init(tokensPerMinute: 90_000),
                    perTag: ["feature=search": .init(requestsPerMinute: 5)], maxWait: .seconds(2),
                    whenSharedUnavailable: .refuse))
        for (json, words) in [
            (#"{"rate_limits": {"per_namespace": {"requests_per_minute": 0}}}"#, "at least 1"),
            (#"{"rate_limits": {"per_tag": {"search": {"requests_per_minute": 1}}}}"#, "key=value"),
            (#"{"rate_limits": {"per_key": {}}}"#, "per_api_key"),
            (#"{"rate_limits": {"when_store_unavailable": "open"}}"#, "local, admit or refuse"),
        ] {
            let error = #expect(throws: ProxyConfigurationError.self) {
                try ProxyConfigurationFile.decode(Data(json.utf8), source: "proxy.json")
            }
            #expect(error?.message.contains("rate_limits") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains(words) == true, "\(error?.message ?? "")")
        }
    }
}
