import Foundation
import LLMCacheServer
import LLMCacheTesting
import LLMCore
import Testing

@Suite("Proxy: every other provider route passes through unchanged")
struct ProxyPassThroughTests {
    @Test("GET /v1/models reaches each provider in its own format")
    func models() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let openAI = try await proxy.send("/v1/models", method: .GET, headers: [("authorization", "Bearer sk-one")])
            #expect(openAI.status == 200)
            #expect(openAI.json["object"] == "list")
            #expect(openAI.json["data"]?.arrayValue?.first?["owned_by"] == "simulator")
            let anthropic = try await proxy.send(
                "/v1/models", method: .GET, headers: [("x-api-key", "sk-one"), ("anthropic-version", "2023-06-01")])
            #expect(anthropic.status == 200)
            #expect(anthropic.json["data"]?.arrayValue?.first?["type"] == "model")
            #expect(anthropic.json["has_more"] == false)
            let metrics = try await proxy.send("/metrics", method: .GET).body
            #expect(metrics.contains(#"llmcache_proxy_requests_total{route="passthrough",status="200"} 2"#))
        }
    }

    @Test("method, path, query and body go as sent; the provider's status and body come back as it answered")
    func unchanged() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let upload = String(repeating: "x", count: 1234)
            // Routes the simulator does not serve: its 404 says what arrived.
            let uploads = try await proxy.send(
                "/v1/uploads?purpose=batch", method: .POST, body: upload, headers: [("authorization", "Bearer sk-one")])
            #expect(uploads.status == 404)
            let message = uploads.json["error"]?["message"]?.stringValue ?? ""
            #expect(message.contains("POST /v1/uploads?purpose=batch (1234 body bytes received)"), "\(message)")
            let skills = try await proxy.send(
                "/v1/skills", method: .POST, body: #"{"name":"x"}"#, headers: [("x-api-key", "sk-one")])
            #expect(skills.json["error"]?["message"]?.stringValue?.contains("POST /v1/skills") == true)
            #expect(skills.json["type"] == "error")
            // The batch routes are the proxy's own (cache first): an empty batch is its 400, in Anthropic's format.
            let batches = try await proxy.send(
                "/v1/messages/batches", method: .POST, body: #"{"requests":[]}"#, headers: [("x-api-key", "sk-one")])
            #expect(batches.status == 400)
            #expect(batches.json["error"]?["message"]?.stringValue?.contains("requests") == true)
            #expect(batches.json["type"] == "error")
            #expect(proxy.anthropicCalls + proxy.openAICalls == 0)
        }
    }

    @Test("the model routes keep their methods; with the server's key nothing else is forwarded")
    func boundaries() async throws {
        try await withProxy { (proxy: ProxyHarness) async throws in
            let put = try await proxy.send("/v1/messages", method: .PUT, headers: [("x-api-key", "sk-one")])
            #expect(put.status == 405)
            #expect(put.headers["allow"] == "POST")
        }
        let server = ProxySetup { configuration in configuration.keySource = .server }
        try await withProxy(server) { (proxy: ProxyHarness) async throws in
            let models = try await proxy.send("/v1/models", method: .GET, headers: [("authorization", "Bearer sk-one")])
            #expect(models.status == 403)
            #expect(models.json["error"]?["message"]?.stringValue?.contains("upstream_key server") == true)
        }
    }
}
