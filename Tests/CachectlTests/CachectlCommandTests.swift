import CSQLite
import CacheStorage
import Foundation
import SQLiteStore
import Testing

@Suite("cachectl")
struct CachectlCommandTests {
    func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test("demo, stats, list, show and purge work together, in text and JSON")
    func endToEnd() async throws {
        let scratch = try Scratch()
        let db = scratch.path("cache.sqlite")
        let demo = try await Cachectl.run(["demo", "--db", db, "--latency-ms", "0", "--embedder", "lexical"])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("hit-exact"))
        #expect(demo.stdout.contains("Upstream calls: 7 of 8"))

        let stats = try await Cachectl.run(["stats", "--db", db])
        #expect(stats.status == 0)
        #expect(stats.stdout.contains("Entries"))
        #expect(stats.stdout.contains("12.5%"))
        #expect(stats.stdout.contains("claude-haiku-4-5"))
        #expect(stats.stdout.contains("feature=demo"))

        let statsJSON = try await Cachectl.run(["stats", "--db", db, "--json"])
        let report = try #require(try json(statsJSON.stdout) as? [String: Any])
        #expect(report["entries"] as? Int == 7)
        #expect(report["expired_entries"] as? Int == 0)
        let exact = try #require((report["layers"] as? [String: Any])?["exact"] as? [String: Any])
        #expect(exact["hits"] as? Int == 1)
        #expect(exact["misses"] as? Int == 7)
        #expect(exact["hit_rate"] as? Double == 0.125)
        let semantic = try #require(report["semantic"] as? [String: Any])
        #expect(semantic["entries"] as? Int == 7)
        #expect(semantic["embedder"] as? String == "lexical-fnv1a-words-trigrams-512")
        let spend = try #require((report["spend"] as? [String: Any])?["total"] as? [String: Any])
        #expect(spend["calls"] as? Int == 7)
        #expect((spend["cost_micros"] as? Int ?? 0) > 0)

        let list = try await Cachectl.run(["list", "--db", db, "--json"])
        let entries = try #require(try json(list.stdout) as? [[String: Any]])
        #expect(entries.count == 7)
        let key = try #require(entries.first?["key"] as? String)
        #expect(entries.map { $0["hit_count"] as? Int ?? -1 }.sorted() == [0, 0, 0, 0, 0, 0, 1])

        let listText = try await Cachectl.run(["list", "--db", db, "--limit", "2"])
        #expect(listText.stdout.split(separator: "\n").count == 3, "header and two rows")

        let show = try await Cachectl.run(["show", String(key.prefix(12)), "--db", db])
        #expect(show.status == 0)
        #expect(show.stdout.contains(key))
        #expect(show.stdout.contains("Prompt"))
        let showJSON = try #require(
            try json(await Cachectl.run(["show", key, "--db", db, "--json"]).stdout) as? [[String: Any]])
        #expect((showJSON.first?["response"] as? [String: Any])?["stop_reason"] as? String == "end_turn")

        let missing = try await Cachectl.run(["show", "deadbeefdeadbeef", "--db", db])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no entry has a key starting with deadbeefdeadbeef"))

        let dry = try await Cachectl.run(["purge", "--db", db, "--model", "claude-haiku-4-5", "--dry-run", "--json"])
        let dryReport = try #require(try json(dry.stdout) as? [String: Any])
        #expect(dryReport["dry_run"] as? Bool == true)
        #expect(dryReport["entries"] as? Int == 7)
        #expect(dryReport["bytes"] as? Int == report["bytes"] as? Int)
        let purge = try await Cachectl.run(["purge", "--db", db, "--all"])
        #expect(purge.status == 0)
        #expect(purge.stdout.hasPrefix("Removed 7 entries"))
        let after = try #require(
            try json(await Cachectl.run(["stats", "--db", db, "--json"]).stdout) as? [String: Any])
        #expect(after["entries"] as? Int == 0)
    }

    @Test("stats on a missing path fails, says so, and creates nothing")
    func missingDatabase() async throws {
        let scratch = try Scratch()
        let db = scratch.path("nope.sqlite")
        let result = try await Cachectl.run(["stats", "--db", db])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no cache database at \(db)"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test("the default database comes from LLMCACHE_DB")
    func environmentDefault() async throws {
        let scratch = try Scratch()
        let db = scratch.path("env.sqlite")
        #expect(
            try await Cachectl.run(
                ["demo", "--latency-ms", "0", "--embedder", "lexical"], environment: ["LLMCACHE_DB": db]
            ).status == 0)
        #expect(FileManager.default.fileExists(atPath: db))
        let stats = try await Cachectl.run(["stats"], environment: ["LLMCACHE_DB": db])
        #expect(stats.stdout.contains(db))
    }

    @Test("a file that is not SQLite is refused and kept")
    func notSQLite() async throws {
        let scratch = try Scratch()
        let db = scratch.path("notes.txt")
        try Data("my notes".utf8).write(to: URL(fileURLWithPath: db))
        for command in [["stats"], ["list"], ["purge", "--all"]] {
            let result = try await Cachectl.run(command + ["--db", db])
            #expect(result.status == 1)
            #expect(result.stderr.contains("is not an SQLite database"))
        }
        #expect(try String(contentsOfFile: db, encoding: .utf8) == "my notes")
    }

    @Test("a database from a newer schema is refused and not touched")
    func newerSchema() async throws {
        let scratch = try Scratch()
        let db = scratch.path("cache.sqlite")
        #expect(try await Cachectl.run(["demo", "--db", db, "--latency-ms", "0", "--embedder", "lexical"]).status == 0)
        var handle: OpaquePointer?
        #expect(sqlite3_open(db, &handle) == SQLITE_OK)
        #expect(
            sqlite3_exec(handle, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = 7", nil, nil, nil) == SQLITE_OK
        )
        sqlite3_close(handle)
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        for command in [["stats"], ["purge", "--all"], ["demo"]] {
            let result = try await Cachectl.run(command + ["--db", db])
            #expect(result.status == 1)
            #expect(result.stderr.contains("schema version 7"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    }

    @Test("purge without a selector is refused and nothing is removed")
    func purgeNeedsSelector() async throws {
        let scratch = try Scratch()
        let db = scratch.path("cache.sqlite")
        #expect(try await Cachectl.run(["demo", "--db", db, "--latency-ms", "0", "--embedder", "lexical"]).status == 0)
        let result = try await Cachectl.run(["purge", "--db", db])
        #expect(result.status == 64)
        #expect(result.stderr.contains("pass --all to remove everything"))
        let stats = try #require(
            try json(await Cachectl.run(["stats", "--db", db, "--json"]).stdout) as? [String: Any])
        #expect(stats["entries"] as? Int == 7)
    }

    @Test(
        "bad arguments get exit code 64 and a message that says what to write",
        arguments: [
            (["purge", "--older-than", "7x"], "'7x' is not a duration"),
            (["purge", "--key", "abc"], "--key must be 64 hex digits"),
            (["show", "xyz"], "KEY must be 8 to 64 hex digits"),
            (["list", "--limit", "0"], "--limit must be a positive number"),
        ])
    func badArguments(arguments: [String], message: String) async throws {
        let scratch = try Scratch()
        let result = try await Cachectl.run(arguments + ["--db", scratch.path("c.sqlite")])
        #expect(result.status == 64)
        #expect(result.stderr.contains(message))
    }

    @Test("a writer killed mid-write leaves a database that opens and holds every committed entry")
    func killedWriter() async throws {
        let scratch = try Scratch()
        let db = scratch.path("cache.sqlite")
        let committed = try await Cachectl.offPool { try Self.killWriter(db: db, after: 300) }
        #expect(committed >= 300)
        let store = try SQLiteStore(path: db)
        let stats = try await store.statistics()
        #expect(stats.entries >= committed)
        #expect(stats.entries % 10 == 0, "transactions are all or nothing")
        for number in stride(from: 0, to: committed, by: 37) {
            let found = try await store.lookup(
                namespace: "load", key: String(format: "%064x", number), recordHit: false)
            guard case .hit = found else {
                Issue.record("committed entry \(number) is missing")
                continue
            }
        }
        try await store.insert(
            NewCacheEntry(
                namespace: "n", key: String(repeating: "a", count: 64), provider: "p", model: "m", ttl: nil,
                response: Data([1])))
    }

    /// Starts a writer, waits until it reports `after` committed entries, kills it with SIGKILL and
    /// returns the last count it reported.
    static func killWriter(db: String, after threshold: Int) throws -> Int {
        let process = Process()
        process.executableURL = Cachectl.fixture
        process.arguments = ["write-load", "--db", db, "--batch", "10"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        var last = 0
        while last < threshold {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            last = lastCount(text)
        }
        kill(process.processIdentifier, SIGKILL)
        text += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        return lastCount(text)
    }

    static func lastCount(_ text: String) -> Int {
        text.split(separator: "\n").last { $0.hasPrefix("committed ") }.flatMap { Int($0.dropFirst(10)) } ?? 0
    }
}
