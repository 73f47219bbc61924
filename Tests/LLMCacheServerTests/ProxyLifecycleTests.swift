import Foundation
import LLMCacheServer
import LLMCacheTesting
import LLMCore
import Testing

@Suite("Proxy: lifecycle")
struct ProxyLifecycleTests {
    @Test("stopping the server lets a request in flight finish")
    func gracefulShutdown() async throws {
        let simulator = SimulatorConfiguration(faults: [.slowFirstByte(.milliseconds(1500))])
        try await withProxy(simulator: simulator) { (proxy: ProxyHarness) async throws in
            let inFlight = Task { try await proxy.anthropic("Slow answer") }
            var waited = 0
            while proxy.anthropicCalls == 0 && waited < 600 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            #expect(proxy.anthropicCalls == 1)
            await proxy.server.stop()
            let reply = try await inFlight.value
            #expect(reply.status == 200)
            #expect(reply.cache == "miss")
            #expect(reply.json["content"]?.arrayValue?.isEmpty == false)
        }
    }

    @Test("a configuration file sets values, and an unknown key is an error that lists the known ones")
    func configurationFile() throws {
        var configuration = ProxyConfiguration()
        try ProxyConfigurationFile.decode(
            Data(
                #"""
                {"port": 9123, "shared_namespace": "team", "semantic": "lexical", "default_ttl": "2h",
                 "budget": {"daily_usd": "2.5"}, "budget_refusal_status": 402, "admin_token_env": "TOKEN_VAR"}
                """#.utf8)
        ).apply(to: &configuration, environment: ["TOKEN_VAR": "secret"])
        #expect(configuration.port == 9123)
        #expect(configuration.sharedNamespace == "team")
        #expect(configuration.semantic == .lexical)
        #expect(configuration.defaultTTL == .milliseconds(7_200_000))
        #expect(configuration.budget.dailyCap?.rawValue == 2_500_000)
        #expect(configuration.budgetRefusalStatus == 402)
        #expect(configuration.adminToken?.accepts("secret") == true)
        #expect("\(configuration.adminToken.map { "\($0)" } ?? "")".contains("secret") == false)

        #expect(throws: ProxyConfigurationError.self) {
            try ProxyConfigurationFile.decode(Data(#"{"prot": 1}"#.utf8)).apply(to: &configuration, environment: [:])
        }
        var invalid = ProxyConfiguration()
        invalid.budgetRefusalStatus = 500
        #expect(throws: ProxyConfigurationError.self) { try invalid.validate() }
        var longTTL = ProxyConfiguration()
        for text in ["9223372036854775s", "9223372036854775808s"] {
            let fromFile = #expect(throws: ProxyConfigurationError.self) {
                try ProxyConfigurationFile.decode(Data(#"{"default_ttl": "\#(text)"}"#.utf8))
                    .apply(to: &longTTL, environment: [:])
            }
            #expect(fromFile?.message.contains("default_ttl") == true)
        }
        longTTL.defaultTTL = .milliseconds(Int64.max)
        let refusal = #expect(throws: ProxyConfigurationError.self) { try longTTL.validate() }
        #expect(refusal?.message.contains("2^31 seconds") == true)
    }
}
