import CacheStorage
import Foundation
import LLMCacheTesting
import LLMCore
import PostgresStore

/// A PostgreSQL store over a fresh database, with a manual clock.
struct StoreFixture {
    let url: String
    let clock = ManualClock()

    init() async throws {
        url = try await TestServer.freshDatabase()
    }

    /// Opens another instance over the same database.
    func open(_ configure: (inout PostgresStoreOptions) -> Void = { _ in }) async throws -> PostgresStore {
        var options = PostgresStoreOptions.forTests
        configure(&options)
        return try await PostgresStore.open(url: url, options: options, clock: clock)
    }
}

extension PostgresStoreOptions {
    /// The defaults, with a time limit that a busy test machine never reaches while the server runs.
    static var forTests: PostgresStoreOptions {
        var options = PostgresStoreOptions()
        options.operationTimeout = .milliseconds(20_000)
        return options
    }
}

func key(_ number: Int) -> String { String(format: "%064x", number) }

func entry(
    _ number: Int, namespace: String = "ns", ttlSeconds: Double? = 3600, sliding: Bool = false, tags: [String] = [],
    model: String = "m", vector: [Float]? = nil, scope: String = "scope"
) -> NewCacheEntry {
    NewCacheEntry(
        namespace: namespace, key: key(number), provider: "anthropic", model: model,
        ttl: ttlSeconds.map { Duration.seconds($0) }, sliding: sliding, inputTokens: 10, outputTokens: 5,
        cost: MicroDollars(42), tags: tags, request: Data("request \(number)".utf8),
        response: Data("response \(number)".utf8),
        vector: vector.map { StoredVector(scope: scope, prompt: "prompt \(number)", vector: $0) })
}

extension StoreLookupResult {
    var entry: CacheEntry? {
        if case .hit(let entry) = self { return entry }
        return nil
    }
}
