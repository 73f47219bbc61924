import CostControl
import Foundation
import LLMCache
import LLMCacheServer
import LLMCore
import Logging
import Testing

@Suite("Proxy: the configuration's initialiser and durations")
struct ProxyConfigurationTests {
    @Test("the defaults are the documented ones")
    func defaults() {
        let configuration = ProxyConfiguration()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.whenStoreUnavailable == .passThrough)
        #expect(configuration.anthropicBaseURL == "https://api.anthropic.com")
        #expect(configuration.openAIBaseURL == "https://api.openai.com/v1")
        #expect(configuration.keySource == .forward)
        #expect(configuration.anthropicServerKey == nil)
        #expect(configuration.openAIServerKey == nil)
        #expect(configuration.sharedNamespace == nil)
        #expect(configuration.adminToken == nil)
        #expect(configuration.maxBodyBytes == 32 * 1024 * 1024)
        #expect(configuration.semantic == .off)
        #expect(configuration.semanticThreshold == nil)
        #expect(configuration.semanticMaxWrongHitRate == nil)
        #expect(configuration.semanticCalibration == nil)
        #expect(configuration.defaultTTL == .seconds(86_400))
        #expect(configuration.cacheMode == .all)
        #expect(configuration.pricingFile == nil)
        #expect(configuration.budget == BudgetLimits())
        #expect(configuration.budgetRefusalStatus == 429)
        #expect(configuration.defaultMaxTokens == 4096)
        #expect(configuration.upstreamTimeout == .seconds(600))
        #expect(configuration.upstreamConnectTimeout == .seconds(5))
        #expect(configuration.shutdownGracePeriod == .seconds(30))
        #expect(configuration.logger.label == "llmcache.server")
    }

    @Test("each parameter lands in its property")
    func memberwise() throws {
        let configuration = ProxyConfiguration(
            host: "0.0.0.0", port: 9000, databasePath: "/tmp/proxy.sqlite", whenStoreUnavailable: .fail,
            anthropicBaseURL: "http://127.0.0.1:1", openAIBaseURL: "http://127.0.0.1:2/v1", keySource: .server,
            sharedNamespace: "team", maxBodyBytes: 4096, semantic: .lexical, semanticThreshold: 0.9,
            semanticCalibration: "calibration.json", defaultTTL: nil, cacheMode: .deterministic,
            pricingFile: "pricing.json", budget: BudgetLimits(dailyCap: .dollars(2)), budgetRefusalStatus: 402,
            defaultMaxTokens: 64, upstreamTimeout: .seconds(7), upstreamConnectTimeout: .seconds(1),
            shutdownGracePeriod: .milliseconds(250), logger: Logger(label: "test.proxy"))
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9000)
        #expect(configuration.databasePath == "/tmp/proxy.sqlite")
        #expect(configuration.whenStoreUnavailable == .fail)
        #expect(configuration.anthropicBaseURL == "http://127.0.0.1:1")
        #expect(configuration.openAIBaseURL == "http://127.0.0.1:2/v1")
        #expect(configuration.keySource == .server)
        #expect(configuration.sharedNamespace == "team")
        #expect(configuration.maxBodyBytes == 4096)
        #expect(configuration.semantic == .lexical)
        #expect(configuration.semanticThreshold == 0.9)
        #expect(configuration.semanticCalibration == "calibration.json")
        #expect(configuration.defaultTTL == nil)
        #expect(configuration.cacheMode == .deterministic)
        #expect(!configuration.cacheNonDeterministic)
        #expect(configuration.pricingFile == "pricing.json")
        #expect(configuration.budget.dailyCap == .dollars(2))
        #expect(configuration.budgetRefusalStatus == 402)
        #expect(configuration.defaultMaxTokens == 64)
        #expect(configuration.upstreamTimeout == .seconds(7))
        #expect(configuration.upstreamConnectTimeout == .seconds(1))
        #expect(configuration.shutdownGracePeriod == .milliseconds(250))
        #expect(configuration.logger.label == "test.proxy")
        try configuration.validate()
        #expect(ProxyConfiguration(semanticMaxWrongHitRate: 0.05).semanticMaxWrongHitRate == 0.05)
    }

    @Test("file durations keep their spellings and land as Durations")
    func fileDurations() throws {
        let file = try ProxyConfigurationFile.decode(
            Data(
                #"""
                {"default_ttl": "1h30m", "upstream_timeout": "90s", "upstream_connect_timeout": "500ms",
                 "shutdown_grace_period": "2"}
                """#.utf8))
        #expect(file.defaultTTL == .some(.seconds(5400)))
        var configuration = ProxyConfiguration()
        file.apply(to: &configuration, environment: [:])
        #expect(configuration.defaultTTL == .seconds(5400))
        #expect(configuration.upstreamTimeout == .seconds(90))
        #expect(configuration.upstreamConnectTimeout == .milliseconds(500))
        #expect(configuration.shutdownGracePeriod == .seconds(2))
        let forever = try ProxyConfigurationFile.decode(Data(#"{"default_ttl": null}"#.utf8))
        forever.apply(to: &configuration, environment: [:])
        #expect(configuration.defaultTTL == nil)
    }

    @Test("a bad or too long file duration is refused with the message it always had")
    func badFileDurations() {
        let bad = #expect(throws: ProxyConfigurationError.self) {
            try ProxyConfigurationFile.decode(Data(#"{"upstream_timeout": "1.5h"}"#.utf8), source: "proxy.json")
        }
        #expect(
            bad?.message
                == "proxy.json: upstream_timeout must be a duration such as 500ms, 90s, 15m, 12h or 7d (got '1.5h')")
        let long = #expect(throws: ProxyConfigurationError.self) {
            try ProxyConfigurationFile.decode(Data(#"{"default_ttl": "25000d"}"#.utf8), source: "proxy.json")
        }
        #expect(long?.message.contains("must be at most 24855d3h14m8s (2^31 seconds)") == true)
        #expect(long?.message.contains("got 25000d") == true)
    }

    @Test("a default TTL beyond the cache lifetime fails validation with short spellings, not a trap")
    func hugeDefaultTTL() {
        for ttl in [Duration.seconds(Int64.max), Duration(attoseconds: .max), .zero, .microseconds(999)] {
            let error = #expect(throws: ProxyConfigurationError.self) {
                try ProxyConfiguration(defaultTTL: ttl).validate()
            }
            #expect(error?.message.hasPrefix("default_ttl must be positive and at most 24855d3h14m8s") == true)
        }
    }
}
