import CacheStorage
import Foundation
import LLMCore
import SQLiteStore
import Testing

@Suite("cachectl: budget caps per cost tag", .timeLimit(.minutes(5)))
struct TagBudgetCommandTests {
    static func row(cost: Int64, tags: [String: String], at date: Date) -> LedgerRow {
        LedgerRow(
            recordID: UUID().uuidString, at: date, provider: "anthropic", model: "claude-haiku-4-5", inputTokens: 10,
            outputTokens: 10, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0,
            cost: MicroDollars(cost), tags: tags, attempt: 1)
    }

    @Test("stats --config shows today's spend against the caps, overall and per tag, with the alert levels reached")
    func statsShowsTagCaps() async throws {
        let scratch = try Scratch()
        let db = scratch.path("cache.sqlite")
        let store = try SQLiteStore(path: db)
        let now = Date()
        try await store.appendLedger(Self.row(cost: 800_000, tags: ["feature": "search"], at: now))
        try await store.appendLedger(Self.row(cost: 100_000, tags: [:], at: now))
        try await store.appendLedger(
            Self.row(cost: 5_000_000, tags: ["feature": "search"], at: now.addingTimeInterval(-3 * 86_400)))
        try await store.close()
        let config = scratch.path("proxy.json")
        try Data(
            #"""
            {"db": "\#(db)", "budget": {"daily_usd": "5", "tag_caps": {
                "feature=search": {"daily_usd": "1", "soft_daily_usd": "0.70"},
                "feature=chat": {"run_usd": "2"}}}}
            """#.utf8
        ).write(to: URL(fileURLWithPath: config))

        let text = try await Cachectl.run(["stats", "--db", db, "--config", config])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        let search = try #require(lines.last { $0.hasPrefix("feature=search") }, "\(text.stdout)")
        #expect(search.contains("$0.8000") && search.contains("$1.0000") && search.contains("$0.2000"), "\(search)")
        #expect(search.hasSuffix("50%, soft, 80%"), "\(search)")
        let overall = try #require(lines.first { $0.hasPrefix("all calls") }, "\(text.stdout)")
        #expect(overall.contains("$0.9000") && overall.contains("$5.0000") && overall.hasSuffix("-"), "\(overall)")
        #expect(lines.contains { $0.hasPrefix("feature=chat") && $0.contains("$2.0000") }, "\(text.stdout)")
        #expect(text.stdout.contains("Run caps count per proxy process"))

        // JSON, with the database taken from the configuration file.
        let json = try await Cachectl.run(["stats", "--config", config, "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let budget = try #require(report["budget"] as? [String: Any])
        #expect(budget["config"] as? String == config)
        let caps = try #require(budget["caps"] as? [[String: Any]])
        #expect(caps.map { $0["tag"] as? String } == [nil, "feature=chat", "feature=search"])
        #expect(caps[0]["spent_today_micros"] as? Int == 900_000)
        #expect(caps[0]["daily_cap_micros"] as? Int == 5_000_000)
        #expect(caps[0]["alerts"] as? [String] == [])
        #expect(caps[1]["run_cap_micros"] as? Int == 2_000_000)
        #expect(caps[1]["daily_cap_micros"] is NSNull)
        #expect(caps[2]["spent_today_micros"] as? Int == 800_000)
        #expect(caps[2]["spent_today_usd"] as? String == "0.800000")
        #expect(caps[2]["remaining_today_micros"] as? Int == 200_000)
        #expect(caps[2]["soft_daily_cap_micros"] as? Int == 700_000)
        #expect(caps[2]["alerts"] as? [String] == ["50%", "soft", "80%"])

        // Without --config there is no budget section.
        let plain = try await Cachectl.run(["stats", "--db", db, "--json"])
        let plainReport = try #require(
            try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
        #expect(plainReport["budget"] == nil)
    }

    @Test("stats --config refuses a configuration file with bad budget caps, naming the key")
    func statsRefusesBadConfig() async throws {
        let scratch = try Scratch()
        let config = scratch.path("proxy.json")
        try Data(#"{"budget": {"tag_caps": {"search": {"daily_usd": "1"}}}}"#.utf8).write(
            to: URL(fileURLWithPath: config))
        let result = try await Cachectl.run(["stats", "--db", scratch.path("none.sqlite"), "--config", config])
        #expect(result.status != 0)
        #expect(result.stderr.contains("budget.tag_caps"), "\(result.stderr)")
        #expect(result.stderr.contains("key=value"), "\(result.stderr)")
    }

    @Test("two processes on one SQLite file, reserving tagged calls at once, stop at the tag's daily cap")
    func twoProcessesStopAtTheTagCap() async throws {
        let scratch = try Scratch()
        let db = scratch.path("shared.sqlite")
        // Create the file first, so that the two processes do not both create it.
        try await SQLiteStore(path: db).close()
        let go = scratch.path("go")
        let arguments = [
            "reserve", "--db", db, "--tag", "feature=search", "--tag-daily-cap-micros", "1000", "--amount-micros",
            "100", "--count", "30", "--wait-for", go,
        ]
        async let first = Cachectl.offPool { try Cachectl.runBlocking(Cachectl.fixture, arguments, environment: [:]) }
        async let second = Cachectl.offPool { try Cachectl.runBlocking(Cachectl.fixture, arguments, environment: [:]) }
        try await Task.sleep(for: .milliseconds(500))
        try Data().write(to: URL(fileURLWithPath: go))
        let results = try await [first, second]
        var granted = 0
        for result in results {
            #expect(result.status == 0, "\(result.stderr)")
            let line = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Int]
            granted += line?["granted"] ?? 0
            #expect(line?["refused"] == line?["refusedByTagDaily"], "\(result.stdout)")
        }
        #expect(granted == 10, "1000 in steps of 100 across both processes")
        var options = SQLiteStoreOptions()
        options.readOnly = true
        let store = try SQLiteStore(path: db, options: options)
        #expect(
            try await store.ledgerSpent(
                from: .distantPast, to: .distantFuture, tag: CostTag(key: "feature", value: "search"))
                == MicroDollars(1000))
        try await store.close()
    }
}
