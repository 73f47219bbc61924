import Foundation
import SQLiteStore
import Testing

@Suite("Two processes on one SQLite file: rate limits", .timeLimit(.minutes(5)))
struct SharedSQLiteRateLimitTests {
    struct Line: Decodable {
        var outcome: String?
        var error: String?
    }

    @Test("two processes calling at once stay within the rate held in the file")
    func processesStayWithinTheRate() async throws {
        let scratch = try Scratch()
        let db = scratch.path("shared.sqlite")
        // The file exists before the two processes open it: what is measured is the shared rate, not two
        // processes creating one database at the same instant.
        try await SQLiteStore(path: db).close()
        let arguments = ["a", "b"].map { tag in
            ["send", "--db", db, "--requests-per-minute", "2"]
                + (0..<15).flatMap { ["--prompt", "Question \($0) from \(tag): what is \($0) cubed?"] }
        }
        let started = ContinuousClock.now
        async let first = Cachectl.offPool {
            try Cachectl.runBlocking(Cachectl.fixture, arguments[0], environment: [:])
        }
        async let second = Cachectl.offPool {
            try Cachectl.runBlocking(Cachectl.fixture, arguments[1], environment: [:])
        }
        let results = try await [first, second]
        // Two a minute: one more fits every 30 s, which the bound allows for.
        let refilled = Int((ContinuousClock.now - started).timeInterval / 30)
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let lines = try results.flatMap { result in
            try result.stdout.split(separator: "\n").map { try JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
        }
        let answered = lines.filter { $0.outcome == "miss" }.count
        let refused = lines.filter { $0.error?.contains("rate limit of 2 requests per minute") == true }.count
        let hits = lines.filter { $0.outcome == "hit" }.count
        #expect(answered >= 1)
        #expect(answered <= 2 + refilled, "both processes together stayed within the rate")
        #expect(refused > 0, "30 calls do not fit in two a minute")
        #expect(answered + refused + hits == 30, "\(lines.compactMap(\.error))")
    }
}
