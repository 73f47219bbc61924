import CacheStorage
import Foundation
import LLMCore
import SQLiteStore
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("Two proxies on one SQLite file: a cost tag's cap", .timeLimit(.minutes(5)))
struct SharedSQLiteTagBudgetTests {
    static let callsPerProxy = 200
    static let tagCapMicros: Int64 = 20_000

    @Test("two `cachectl serve` processes, 200 concurrent tagged misses each, end at or under the tag's daily cap")
    func twoProxiesStayUnderTheTagCap() async throws {
        let scratch = try Scratch()
        let db = scratch.path("shared.sqlite")
        let config = scratch.path("proxy.json")
        try Data(
            #"{"budget": {"tag_caps": {"feature=search": {"daily_usd": \#(Double(Self.tagCapMicros) / 1_000_000)}}}}"#
                .utf8
        ).write(to: URL(fileURLWithPath: config))
        let simulator = try BackgroundCachectl(["simulate"], scratch: scratch, name: "simulator")
        defer { simulator.process.terminate() }
        let upstream = "http://127.0.0.1:\(try await simulator.port())"
        let proxies = try ["a", "b"].map { name in
            try BackgroundCachectl(
                ["serve", "--db", db, "--config", config, "--anthropic-base-url", upstream], scratch: scratch,
                name: "proxy-\(name)")
        }
        defer { for proxy in proxies { proxy.process.terminate() } }
        var ports: [Int] = []
        for proxy in proxies { ports.append(try await proxy.port()) }

        let session = SharedSQLiteBudgetTests.session()
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for (index, port) in ports.enumerated() {
                for call in 0..<Self.callsPerProxy {
                    group.addTask {
                        try await Self.send(
                            session, port: port, prompt: "Proxy \(index), search \(call): where is \(call) + \(index)?",
                            tags: "feature=search")
                    }
                }
            }
            return try await group.reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
        }
        // Calls without the tag are not held to its cap.
        let untagged = try await Self.send(session, port: ports[0], prompt: "Untagged question", tags: nil)
        for proxy in proxies { #expect(try await proxy.stop() == 0, "\(proxy.output)") }
        try await simulator.stop()

        var options = SQLiteStoreOptions()
        options.readOnly = true
        options.createIfMissing = false
        let store = try SQLiteStore(path: db, options: options)
        let search = CostTag(key: "feature", value: "search")
        let spent = try await store.ledgerSpent(from: .distantPast, to: .distantFuture, tag: search).rawValue
        try await store.close()
        #expect(spent <= Self.tagCapMicros, "both processes together stayed within the tag's cap")
        #expect(spent > Self.tagCapMicros / 2, "the cap was nearly used")
        #expect((statuses[429] ?? 0) > 0, "400 calls do not fit in the tag's cap: \(statuses)")
        #expect(Set(statuses.keys).isSubset(of: [200, 429]), "\(statuses)")
        #expect(untagged == 200)
    }

    static func send(_ session: URLSession, port: Int, prompt: String, tags: String?) async throws -> Int {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/v1/messages"))
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "content-type")
        request.setValue("test-key", forHTTPHeaderField: "x-api-key")
        request.setValue("2023-06-01", forHTTPHeaderField: "anthropic-version")
        if let tags { request.setValue(tags, forHTTPHeaderField: "x-cache-cost-tags") }
        let body: [String: Any] = [
            "model": "claude-haiku-4-5", "max_tokens": 64, "temperature": 0,
            "messages": [["role": "user", "content": prompt]],
        ]
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let (_, response) = try await session.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? -1
    }
}
