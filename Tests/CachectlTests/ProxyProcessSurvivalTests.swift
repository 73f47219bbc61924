import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("A `cachectl serve` process survives hostile headers", .timeLimit(.minutes(3)))
struct ProxyProcessSurvivalTests {
    @Test("each header that used to trap is a 400, and the same process keeps answering")
    func keepsServing() async throws {
        let scratch = try Scratch()
        let simulator = try BackgroundCachectl(["simulate"], scratch: scratch, name: "simulator")
        defer { simulator.process.terminate() }
        let upstream = "http://127.0.0.1:\(try await simulator.port())"
        let proxy = try BackgroundCachectl(
            ["serve", "--db", scratch.path("proxy.sqlite"), "--anthropic-base-url", upstream], scratch: scratch,
            name: "proxy")
        defer { proxy.process.terminate() }
        let port = try await proxy.port()
        let session = URLSession(configuration: .ephemeral)
        let hostile = [
            ("x-cache-ttl", "9223372036854775807"), ("cache-control", "max-age=9223372036854775807"),
            ("x-cache-ttl", "9223372036854774"),
        ]
        for (name, value) in hostile {
            let (status, body) = try await Self.call(session, port: port, header: (name, value))
            #expect(status == 400, "\(name): \(value) → \(status) \(body)")
            #expect(body.contains("2147483648 seconds"), "\(body)")
            #expect(proxy.process.isRunning, "the proxy died on \(name): \(value)\n\(proxy.output)")
        }
        let (status, _) = try await Self.call(session, port: port, header: nil)
        #expect(status == 200)
        #expect(proxy.process.isRunning)
        #expect(try await proxy.stop() == 0, "\(proxy.output)")
        try await simulator.stop()
    }

    static func call(_ session: URLSession, port: Int, header: (String, String)?) async throws -> (Int, String) {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/v1/messages"))
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "content-type")
        request.setValue("test-key", forHTTPHeaderField: "x-api-key")
        if let (name, value) = header { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = Data(
            #"{"model":"claude-haiku-4-5","max_tokens":16,"temperature":0,"messages":[{"role":"user","content":"Hi"}]}"#
                .utf8)
        let (data, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? -1, String(decoding: data, as: UTF8.self))
    }
}
