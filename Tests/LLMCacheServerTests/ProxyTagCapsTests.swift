import CostControl
import Foundation
import LLMCacheServer
import LLMCore
import Testing

/// The proxy tags the calls whose `max_tokens` its token limits lowered `token_budget=output_limited`, so a
/// cap of that tag applies to them (and only to them).
@Suite("Proxy: budget caps per cost tag")
struct ProxyTagCapsTests {
    static let limited = CostTag(key: "token_budget", value: "output_limited")

    @Test(
        "a tag's soft cap and spend show in /metrics with the tag; the tag's daily cap refuses in the caller's format")
    func tagCapsInTheProxy() async throws {
        try await withProxy(
            ProxySetup { configuration in
                configuration.tokenLimits = TokenLimits(maxOutputTokens: 16)
                configuration.budget.tagCaps = [
                    Self.limited: TagCaps(dailyCap: MicroDollars(1_000), softRunCap: MicroDollars(1))
                ]
            }
        ) { (proxy: ProxyHarness) async throws in
            #expect(try await proxy.anthropic("Spend a little").status == 200)
            #expect(try await proxy.anthropic("Spend a little more").status == 200)
            let text = try await proxy.send("/metrics", method: .GET).body
            #expect(
                text.contains(
                    #"llmcache_budget_tag_alerts_total{tag="token_budget=output_limited",cap="run",level="soft"} 1"#),
                "\(text)")
            #expect(text.contains(#"llmcache_budget_tag_spent_usd{tag="token_budget=output_limited",cap="daily"}"#))
            #expect(text.contains(#"llmcache_budget_tag_remaining_usd{tag="token_budget=output_limited",cap="daily"}"#))
            // Each call is estimated at 16 output tokens and its input: a few calls use up 1,000 micro-dollars.
            var refused: ProxyHarness.Reply?
            for index in 0..<50 where refused == nil {
                let reply = try await proxy.anthropic("Question \(index): what is \(index) times \(index)?")
                if reply.status != 200 { refused = reply }
            }
            let reply = try #require(refused, "the tag's daily cap of 1,000 micro-dollars refuses some call")
            #expect(reply.status == 429)
            let message = reply.json["error"]?["message"]?.stringValue ?? ""
            #expect(message.contains("daily budget of cost tag token_budget=output_limited exceeded"), "\(message)")
        }
    }

    @Test("x-cache-cost-tags tags a call: its tag's daily cap refuses it, untagged calls go on, a bad value is a 400")
    func costTagsHeader() async throws {
        let search = CostTag(key: "feature", value: "search")
        try await withProxy(
            ProxySetup { configuration in
                configuration.budget.tagCaps = [search: TagCaps(dailyCap: MicroDollars(2_000))]
                configuration.adminToken = AdminToken("admin-secret")
            }
        ) { (proxy: ProxyHarness) async throws in
            let tagged = [("x-cache-cost-tags", "feature=search, stage=rerank")]
            var refused: ProxyHarness.Reply?
            for index in 0..<50 where refused == nil {
                let reply = try await proxy.anthropic("Search \(index): where is \(index)?", headers: tagged)
                if reply.status != 200 { refused = reply }
            }
            let reply = try #require(refused, "the tag's daily cap of 2,000 micro-dollars refuses some call")
            #expect(reply.status == 429)
            let message = reply.json["error"]?["message"]?.stringValue ?? ""
            #expect(message.contains("daily budget of cost tag feature=search exceeded"), "\(message)")
            #expect(try await proxy.anthropic("Untagged: where is it?").status == 200)
            #expect(
                try await proxy.anthropic("Other feature", headers: [("x-cache-cost-tags", "feature=chat")]).status
                    == 200)
            let bad = try await proxy.anthropic("Bad tags", headers: [("x-cache-cost-tags", "feature")])
            #expect(bad.status == 400)
            #expect(bad.json["error"]?["message"]?.stringValue?.contains("key=value") == true, "\(bad.body)")
            let metrics = try await proxy.send("/metrics", method: .GET).body
            #expect(metrics.contains(#"llmcache_budget_tag_spent_usd{tag="feature=search",cap="daily"}"#))
            let stats = try await proxy.send(
                "/admin/stats", method: .GET, headers: [("authorization", "Bearer admin-secret")])
            let spent = stats.json["tag_caps"]?["feature=search"]?["spent_today_micros"]?.intValue ?? 0
            #expect(spent > 1_000 && spent <= 2_000, "\(stats.body)")
            #expect(stats.json["tag_caps"]?["feature=search"]?["spent_this_run_micros"]?.intValue == spent)
        }
    }
}
