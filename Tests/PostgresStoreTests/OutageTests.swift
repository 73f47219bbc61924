import CacheStorage
import Foundation
import LLMCache
import LLMCacheTesting
import LLMCore
import PostgresStore
import Testing

/// A cluster of its own (so that stopping it disturbs no other test), from `scripts/pg-cluster.sh`.
struct PrivateCluster {
    let url: String
    let directory: String
    let script: String

    static func start() async throws -> PrivateCluster {
        guard let script = TestServer.environment["LLMCACHE_TEST_POSTGRES_CONTROL"] else {
            throw TestServerError.notConfigured
        }
        let result = try await Subprocess.run(URL(fileURLWithPath: "/bin/bash"), [script, "start"])
        guard result.status == 0 else { throw TestServerError.controlFailed("start", result.stderr) }
        var exports: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            exports[String(pair[0])] = String(pair[1]).replacingOccurrences(of: "\\", with: "")
        }
        guard let url = exports["LLMCACHE_TEST_POSTGRES_URL"], let directory = exports["LLMCACHE_TEST_POSTGRES_DIR"]
        else { throw TestServerError.controlFailed("start", result.stdout) }
        return PrivateCluster(url: url, directory: directory, script: script)
    }

    func control(_ command: String) async throws {
        let result = try await Subprocess.run(URL(fileURLWithPath: "/bin/bash"), [script, command, directory])
        guard result.status == 0 else { throw TestServerError.controlFailed(command, result.stderr) }
    }
}

@Suite("Database outage", .enabled(if: TestServer.canControl, TestServer.skipReason), .timeLimit(.minutes(3)))
struct OutageTests {
    @Test(
        "with the server stopped, calls pass through uncached with a metric (or are refused, if so configured); cached again after"
    )
    func outageAndRecovery() async throws {
        let cluster = try await PrivateCluster.start()
        var options = PostgresStoreOptions()
        options.operationTimeout = .milliseconds(10_000)
        options.retryInterval = .milliseconds(200)
        let instance = try await SharedInstance(url: cluster.url, options: options)
        let other = try await SharedInstance(url: cluster.url, options: options)
        let question = sharedRequest("What is the boiling point of water at sea level?")
        #expect(try await instance.client.send(question).cache.outcome == .miss)
        #expect(try await instance.client.send(question).cache.layer == .exact)

        try await cluster.control("stop-server")
        let during = try await instance.client.send(question)
        #expect(during.cache.outcome == .miss, "the store is down: the call went upstream")
        #expect(instance.upstream.calls == 2)
        let fresh = try await instance.client.send(sharedRequest("Name the largest planet."))
        #expect(fresh.response.text.isEmpty == false)
        #expect(instance.store.availability.isAvailable == false)
        #expect(instance.store.availability.failures > 0)
        #expect(instance.store.availability.lastError != nil)
        await #expect(throws: PostgresStoreError.self) { try await instance.store.statistics() }

        // A client over the same store configured to fail refuses calls instead, sending nothing upstream.
        var failing = CachedClientConfiguration()
        failing.whenStoreUnavailable = .fail
        let strictUpstream = DeterministicTransport()
        let strict = CachedClient(upstream: strictUpstream, store: instance.store, configuration: failing)
        let refused = await #expect(throws: CacheUnavailableError.self) { try await strict.send(question) }
        #expect(refused?.description.contains("unavailable") == true)
        #expect(strictUpstream.calls == 0)

        try await cluster.control("start-server")
        let recovered = await eventually(within: .seconds(30)) {
            (try? await instance.client.send(question).cache.layer) == .exact
        }
        #expect(recovered, "served from the cache again once the server was back")
        #expect(instance.store.availability.isAvailable)
        #expect(try await strict.send(question).cache.layer == .exact, "the strict client recovered too")
        let counters = try await instance.store.statistics().layers
        #expect((counters["exact"]?.failures ?? 0) > 0, "the failures counted while down were kept and written")

        // The change feeds reconnected: a new entry reaches the other instance's index.
        let before = other.semantic.index.count
        _ = try await instance.client.send(sharedRequest("Name a noble gas."))
        #expect(await eventually(within: .seconds(5)) { other.semantic.index.count == before + 1 })
        try await instance.store.close()
        try await other.store.close()
        try await cluster.control("stop")
    }
}
