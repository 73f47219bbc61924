import Foundation
import LLMCacheServer
import LLMCore
import Providers
import Testing

@Suite("Proxy: the configuration file as a type")
struct ProxyConfigurationFileTests {
    static func decode(_ json: String) throws -> ProxyConfigurationFile {
        try ProxyConfigurationFile.decode(Data(json.utf8), source: "proxy.json")
    }

    @Test("an unknown key inside an object is named with its path and the keys known there")
    func nestedUnknownKey() {
        let error = #expect(throws: ProxyConfigurationError.self) {
            try Self.decode(#"{"budget": {"daily": "5"}}"#)
        }
        #expect(error?.message.contains("proxy.json") == true)
        #expect(error?.message.contains("'budget.daily'") == true)
        #expect(error?.message.contains("daily_usd") == true)
    }

    @Test("a value of the wrong kind names the file and the key")
    func wrongKind() {
        for (json, key) in [
            (#"{"port": "80"}"#, "port"), (#"{"port": 80.5}"#, "port"), (#"{"semantic": "big"}"#, "semantic"),
            (#"{"upstream_timeout": "soon"}"#, "upstream_timeout"),
            (#"{"budget": {"run_usd": true}}"#, "budget.run_usd"),
        ] {
            let error = #expect(throws: ProxyConfigurationError.self, "\(json)") { try Self.decode(json) }
            #expect(error?.message.hasPrefix("proxy.json: \(key) ") == true, "\(error?.message ?? "")")
        }
    }

    @Test("settings set on top of the decoded file win, and the server keys come from the variables the file names")
    func overrides() throws {
        var settings = try Self.decode(
            #"{"port": 9000, "semantic": "lexical", "anthropic_api_key_env": "MY_ANTHROPIC_KEY"}"#)
        settings.port = 0
        settings.upstreamKey = .server
        var configuration = ProxyConfiguration()
        settings.apply(to: &configuration, environment: ["MY_ANTHROPIC_KEY": "from-file-variable"])
        #expect(configuration.port == 0)
        #expect(configuration.semantic == .lexical)
        #expect(configuration.keySource == .server)
        #expect(configuration.anthropicServerKey == APIKey("from-file-variable"))
    }

    @Test(
        "budget alerts: thresholds, soft caps and a webhook from the budget object; a share that is not positive is refused"
    )
    func budgetAlerts() throws {
        var configuration = ProxyConfiguration()
        #expect(configuration.budget.alertThresholds == [0.5, 0.8, 1.0])
        try Self.decode(
            #"{"budget": {"daily_usd": "5", "alert_thresholds": [0.9], "soft_daily_usd": "2.50", "soft_run_usd": "1", "alert_webhook": "http://127.0.0.1:9/alerts"}}"#
        ).apply(to: &configuration, environment: [:])
        #expect(configuration.budget.alertThresholds == [0.9])
        #expect(configuration.budget.softDailyCap == .cents(250))
        #expect(configuration.budget.softRunCap == .dollars(1))
        #expect(configuration.budgetAlertWebhook == "http://127.0.0.1:9/alerts")
        let error = #expect(throws: ProxyConfigurationError.self) {
            try Self.decode(#"{"budget": {"alert_thresholds": [0.5, -1]}}"#)
        }
        #expect(error?.message.contains("budget.alert_thresholds") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("positive share") == true, "\(error?.message ?? "")")
    }

    @Test("default_ttl: null keeps answers until purged; absent leaves the default")
    func defaultTTL() throws {
        var configuration = ProxyConfiguration()
        try Self.decode(#"{"port": 1}"#).apply(to: &configuration, environment: [:])
        #expect(configuration.defaultTTL == ProxyConfiguration().defaultTTL)
        try Self.decode(#"{"default_ttl": null}"#).apply(to: &configuration, environment: [:])
        #expect(configuration.defaultTTL == nil)
    }

    @Test("the semantic policy: a maximum wrong-hit rate or a threshold, not both, and the rate within (0, 1)")
    func semanticPolicy() throws {
        var configuration = ProxyConfiguration()
        try Self.decode(#"{"semantic_max_wrong_hit_rate": 0.02, "semantic_calibration": "cal.json"}"#)
            .apply(to: &configuration, environment: [:])
        #expect(configuration.semanticMaxWrongHitRate == 0.02)
        #expect(configuration.semanticCalibration == "cal.json")
        try configuration.validate()
        configuration.semanticThreshold = 0.9
        let both = #expect(throws: ProxyConfigurationError.self) { try configuration.validate() }
        #expect(both?.message.contains("set one") == true)
        configuration.semanticThreshold = nil
        configuration.semanticMaxWrongHitRate = 1.5
        let rate = #expect(throws: ProxyConfigurationError.self) { try configuration.validate() }
        #expect(rate?.message.contains("between 0 and 1") == true)
    }

    @Test("the semantic index: the scan and the partition size are read, and wrong values are refused by name")
    func semanticIndex() throws {
        var configuration = ProxyConfiguration()
        #expect(configuration.semanticIndexScan == .int8)
        try Self.decode(#"{"semantic_index_scan": "float32", "semantic_partition_from": 500000}"#)
            .apply(to: &configuration, environment: [:])
        #expect(configuration.semanticIndexScan == .float32)
        #expect(configuration.semanticPartitionFrom == 500_000)
        let scan = #expect(throws: ProxyConfigurationError.self) {
            try Self.decode(#"{"semantic_index_scan": "fp16"}"#)
        }
        #expect(scan?.message.contains("int8 or float32") == true)
        #expect(scan?.message.contains("semantic_index_scan") == true)
        let size = #expect(throws: ProxyConfigurationError.self) {
            try Self.decode(#"{"semantic_partition_from": 0}"#)
        }
        #expect(size?.message.contains("at least 1") == true)
    }
}
