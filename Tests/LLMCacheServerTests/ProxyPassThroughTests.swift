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
            let files = try await proxy.send(
                "/v1/files?purpose=batch", method: .POST, body: upload, headers: [("authorization", "Bearer sk-one")])
            #expect(files.status == 404)
            let message = files.json["error"]?["message"]?.stringValue ?? ""
            #expect(message.contains("POST /v1/files?purpose=batch (1234 body bytes received)"), "\(message)")
            let batches = try await proxy.send(
                "/v1/messages/batches", method: .POST, body: #"{"requests":[]}"#, headers: [("x-api-key", "sk-one")])
            #expect(batches.json["error"]?["message"]?.stringValue?.contains("POST /v1/messages/batches") == true)
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
