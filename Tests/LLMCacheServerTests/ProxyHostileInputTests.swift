import CostControl
import Foundation
import LLMCacheServer
import LLMCore
import Testing

@Suite("Proxy: hostile input never takes it down")
struct ProxyHostileInputTests {
    static let anthropicBody =
        #"{"model":"claude-haiku-4-5","max_tokens":16,"temperature":0,"messages":[{"role":"user","content":"hi"}]}"#

    @Test(
        "a TTL or max-age beyond the maximum is a 400 that gives the maximum; nothing goes upstream",
        arguments: [
            ("x-cache-ttl", "9223372036854775807"), ("cache-control", "max-age=9223372036854775807"),
            ("x-cache-ttl", "9223372036854774"), ("x-cache-ttl", "2147483649"), ("x-cache-ttl", "106751991167301d"),
            ("x-cache-ttl", "99999999999999999999999w"), ("cache-control", "no-store, max-age=2147483649"),
        ])
    func hostileLifetimes(name: String, value: String) async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let anthropic = try await proxy.anthropic("What is 2+2?", headers: [(name, value)])
            #expect(anthropic.status == 400)
            #expect(anthropic.json["error"]?["type"] == "invalid_request_error")
            #expect(anthropic.json["error"]?["message"]?.stringValue?.contains("2147483648 seconds") == true)
            let openAI = try await proxy.openAI("What is 2+2?", headers: [(name, value)])
            #expect(openAI.status == 400)
            #expect(openAI.json["error"]?["message"]?.stringValue?.contains("maximum") == true)
            #expect(proxy.anthropicCalls + proxy.openAICalls == 0)
            // The proxy is still up and serving.
            #expect(try await proxy.anthropic("What is 2+2?").status == 200)
        }
    }

    @Test("the longest TTL and max-age are accepted, stored and served")
    func longestLifetime() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let first = try await proxy.anthropic("Name a colour.", headers: [("x-cache-ttl", "2147483648")])
            #expect(first.status == 200)
            #expect(first.cache == "miss")
            let second = try await proxy.anthropic(
                "Name a colour.", headers: [("cache-control", "max-age=2147483648")])
            #expect(second.status == 200)
            #expect(second.cache == "hit-exact")
            #expect(proxy.anthropicCalls == 1)
        }
    }

    @Test("max_tokens of 2^63 - 1 is priced without overflow and refused by the cap, never sent")
    func hugeMaxTokens() async throws {
        let setup = ProxySetup { configuration in configuration.budget = BudgetLimits(dailyCap: .dollars(1)) }
        try await withProxy(setup) { (proxy: ProxyHarness) async throws in
            let anthropic = try await proxy.send(
                "/v1/messages",
                body:
                    #"{"model":"claude-haiku-4-5","max_tokens":9223372036854775807,"messages":[{"role":"user","content":"hi"}]}"#,
                headers: [("x-api-key", "sk-one")])
            #expect(anthropic.json["type"] == "error")
            #expect(anthropic.json["error"]?["message"]?.stringValue?.contains("budget") == true)
            let openAI = try await proxy.send(
                "/v1/chat/completions",
                body:
                    #"{"model":"gpt-4.1-mini","max_tokens":9223372036854775807,"messages":[{"role":"user","content":"hi"}]}"#,
                headers: [("authorization", "Bearer sk-one")])
            #expect(openAI.json["error"]?["code"] == "budget_exceeded")
            #expect(proxy.anthropicCalls + proxy.openAICalls == 0)
            #expect(try await proxy.anthropic("Still there?").status == 200)
        }
    }

    @Test("an oversized header is a 431 in the caller's format, and the proxy keeps serving")
    func oversizedHeader() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let port = try #require(proxy.server.port)
            let key = [UInt8](repeating: UInt8(ascii: "k"), count: 100_000)
            let anthropic = try await RawHTTPExchange.send(
                RawHTTPExchange.request(
                    "/v1/messages", headers: [(Array("x-api-key".utf8), key)], body: Self.anthropicBody),
                port: port)
            #expect(anthropic.status == 431)
            #expect(anthropic.json["type"] == "error")
            #expect(anthropic.json["error"]?["message"]?.stringValue?.contains("80 KB") == true)
            let openAI = try await RawHTTPExchange.send(
                RawHTTPExchange.request(
                    "/v1/chat/completions", headers: [(Array("authorization".utf8), Array("Bearer ".utf8) + key)],
                    body: "{}"),
                port: port)
            #expect(openAI.status == 431)
            #expect(openAI.json["error"]?["type"] == "invalid_request_error")
            #expect(openAI.json["error"]?["param"] == .null)
            #expect(proxy.anthropicCalls + proxy.openAICalls == 0)
            #expect(try await proxy.anthropic("Still there?").status == 200)
        }
    }

    @Test(
        "a control character in a header is a 400 with a body that says so",
        arguments: [[UInt8(ascii: "a"), 0x01, UInt8(ascii: "b")], [0x00], [UInt8(ascii: "a"), 0x7F]])
    func controlCharacter(value: [UInt8]) async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let port = try #require(proxy.server.port)
            let reply = try await RawHTTPExchange.send(
                RawHTTPExchange.request(
                    "/v1/messages", headers: [(Array("x-api-key".utf8), Array("sk-".utf8) + value)],
                    body: Self.anthropicBody),
                port: port)
            #expect(reply.status == 400)
            #expect(reply.headers["content-type"] == "application/json")
            #expect(reply.json["error"]?["type"] == "invalid_request_error")
            #expect(reply.json["error"]?["message"]?.stringValue?.contains("character") == true)
            #expect(proxy.anthropicCalls == 0)
            #expect(try await proxy.anthropic("Still there?").status == 200)
        }
    }

    @Test("a method that is not HTTP, and another method on a model route, get errors in the provider's format")
    func badMethods() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let port = try #require(proxy.server.port)
            let invented = try await RawHTTPExchange.send(
                RawHTTPExchange.request("/v1/messages", method: "FROB", headers: []), port: port)
            #expect(invented.status == 400)
            #expect(invented.json["type"] == "error")
            #expect(invented.json["error"]?["message"]?.stringValue?.contains("method") == true)
            let delete = try await proxy.send("/v1/chat/completions", method: .DELETE)
            #expect(delete.status == 405)
            #expect(delete.headers["allow"] == "POST")
            #expect(delete.json["error"]?["message"]?.stringValue?.contains("send POST") == true)
            #expect(try await proxy.openAI("Still there?").status == 200)
        }
    }

    @Test("a chunked body with a broken chunk size is a 400 in the caller's format, not a 500")
    func brokenChunk() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let port = try #require(proxy.server.port)
            var bytes = RawHTTPExchange.request(
                "/v1/messages", headers: [(Array("x-api-key".utf8), Array("sk-one".utf8))])
            bytes.removeLast(2)
            bytes += Array("Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n".utf8)
            let reply = try await RawHTTPExchange.send(bytes, port: port)
            #expect(reply.status == 400)
            #expect(reply.json["type"] == "error")
            #expect(reply.json["error"]?["message"]?.stringValue?.contains("chunked") == true)
            #expect(proxy.anthropicCalls == 0)
        }
    }

    @Test("refusals before routing are counted in /metrics without the caller's path as a label; HEAD /healthz")
    func countedRefusals() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let port = try #require(proxy.server.port)
            _ = try await RawHTTPExchange.send(
                RawHTTPExchange.request("/v1/messages", headers: [(Array("x-api-key".utf8), [0x01])]), port: port)
            #expect(try await proxy.send("/no/such/route-\(UUID().uuidString)", method: .GET).status == 404)
            #expect(try await proxy.send("/v1/messages", method: .PUT).status == 405)
            #expect(try await proxy.send("/healthz", method: .HEAD).status == 200)
            let metrics = try await proxy.send("/metrics", method: .GET).body
            #expect(metrics.contains(#"llmcache_proxy_requests_total{route="malformed",status="400"} 1"#))
            #expect(metrics.contains(#"llmcache_proxy_requests_total{route="unmatched",status="404"} 1"#))
            #expect(metrics.contains(#"llmcache_proxy_requests_total{route="/v1/messages",status="405"} 1"#))
            #expect(!metrics.contains("/no/such/route"))
        }
    }

    @Test("a request line that is not HTTP at all is answered, then the connection closes")
    func garbage() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let port = try #require(proxy.server.port)
            let reply = try await RawHTTPExchange.send(Array("\u{16}\u{03}\u{01}\r\n\r\n".utf8), port: port)
            #expect(reply.status == 400)
            #expect(reply.headers["connection"] == "close")
            #expect(reply.json["error"]?["message"] != nil)
            let http2 = try await RawHTTPExchange.send(Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8), port: port)
            #expect(http2.status == 505)
            #expect(http2.json["error"]?["message"]?.stringValue?.contains("HTTP/1.1") == true)
            #expect(try await proxy.anthropic("Still there?").status == 200)
        }
    }
}
