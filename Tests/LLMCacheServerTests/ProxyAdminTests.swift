import Foundation
import LLMCacheServer
import LLMCore
import NIOHTTP1
import Testing

@Suite("Proxy: health, metrics and admin routes")
struct ProxyAdminTests {
    @Test("GET /healthz answers ok")
    func health() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let reply = try await proxy.send("/healthz", method: .GET)
            #expect(reply.status == 200)
            #expect(reply.json["status"] == "ok")
        }
    }

    @Test("GET /metrics holds the request, cache, latency, token, money and budget series")
    func metrics() async throws {
        try await withProxy(
            ProxySetup { configuration in
                configuration.budget.dailyCap = .dollars(5)
            }
        ) { (proxy: ProxyHarness) async throws in
            _ = try await proxy.anthropic("Count me")
            _ = try await proxy.anthropic("Count me")
            let reply = try await proxy.send("/metrics", method: .GET)
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"]?.hasPrefix("text/plain") == true)
            let text = reply.body
            for series in [
                #"llmcache_proxy_requests_total{route="/v1/messages",status="200"} 2"#,
                #"llmcache_proxy_cache_results_total{result="hit-exact"} 1"#,
                #"llmcache_proxy_cache_results_total{result="miss"} 1"#,
                "llmcache_proxy_request_duration_seconds_bucket", "llmcache_proxy_tokens_total",
                "llmcache_proxy_spent_usd_total", "llmcache_proxy_saved_usd_total",
                #"llmcache_layer_events_total{layer="exact",event="hits"} 1"#,
                #"llmcache_budget_remaining_usd{cap="daily"}"#,
            ] {
                #expect(text.contains(series), "missing \(series)")
            }
        }
    }

    @Test("a soft cap crossed shows once in /metrics as a budget alert, and the call is not refused")
    func budgetAlertMetric() async throws {
        try await withProxy(
            ProxySetup { configuration in
                configuration.budget.softRunCap = MicroDollars(1)
            }
        ) { (proxy: ProxyHarness) async throws in
            #expect(try await proxy.anthropic("Spend a little").status == 200)
            #expect(try await proxy.anthropic("Spend a little more").status == 200)
            let text = try await proxy.send("/metrics", method: .GET).body
            #expect(text.contains(#"llmcache_budget_alerts_total{cap="run",level="soft"} 1"#), "\(text)")
        }
    }

    @Test("admin routes are off without a token, and need the token when on")
    func adminToken() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let off = try await proxy.send("/admin/stats", method: .GET)
            #expect(off.status == 404)
            #expect(off.json["error"]?["message"]?.stringValue?.contains("admin") == true)
        }
        try await withProxy(ProxySetup { configuration in configuration.adminToken = AdminToken("admin-secret") }) {
            (proxy: ProxyHarness) async throws in
            _ = try await proxy.anthropic("Keep me")
            #expect(try await proxy.send("/admin/stats", method: .GET).status == 401)
            let wrong = try await proxy.send("/admin/stats", method: .GET, headers: [("x-admin-token", "guess")])
            #expect(wrong.status == 401)
            let stats = try await proxy.send(
                "/admin/stats", method: .GET, headers: [("authorization", "Bearer admin-secret")])
            #expect(stats.status == 200)
            #expect(stats.json["entries"] == 1)

            let empty = try await proxy.send(
                "/admin/purge", body: "{}", headers: [("x-admin-token", "admin-secret")])
            #expect(empty.status == 400)
            let unauthorized = try await proxy.send("/admin/purge", body: #"{"all":true}"#)
            #expect(unauthorized.status == 401)
            #expect(try await proxy.server.client.store.statistics().entries == 1)
            let purge = try await proxy.send(
                "/admin/purge", body: #"{"all":true}"#, headers: [("x-admin-token", "admin-secret")])
            #expect(purge.status == 200)
            #expect(purge.json["entries"] == 1)
            #expect(try await proxy.server.client.store.statistics().entries == 0)
            #expect(try await proxy.anthropic("Keep me").cache == "miss")
        }
    }
}
