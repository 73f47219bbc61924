import ArgumentParser
import CacheStorage
import Foundation

/// `llmcache-fixture write-load`: writes entries one committed transaction at a time and prints each committed
/// count, so a crash test can kill it mid-write and check that every reported entry survived.
struct WriteLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write-load", abstract: "Write test entries until stopped (for crash-safety tests).")

    @OptionGroup var database: FixtureDatabase
    @Option(help: "Entries per transaction.") var batch = 10
    @Option(help: "Stop after this many entries.") var count = 1_000_000

    func run() async throws {
        let store = try await database.open()
        let payload = Data(repeating: UInt8(ascii: "x"), count: 2048)
        var written = 0
        while written < count {
            let entries = (0..<batch).map { offset in
                NewCacheEntry(
                    namespace: "load", key: String(format: "%064x", written + offset), provider: "test",
                    model: "load-model", ttl: nil, response: payload)
            }
            try await store.insert(contentsOf: entries)
            written += batch
            FileHandle.standardOutput.write(Data("committed \(written)\n".utf8))
        }
        try await store.close()
    }
}
