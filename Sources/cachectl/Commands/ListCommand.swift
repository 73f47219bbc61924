import ArgumentParser
import CacheStorage
import Foundation

/// `cachectl list`: what is cached, most recently used first.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List cached entries, most recently used first.")

    @OptionGroup var database: DatabaseOption
    @Option(help: "Only entries of this namespace.") var namespace: String?
    @Option(help: "Only entries of this model.") var model: String?
    @Option(help: "At most this many entries.") var limit = 50
    @Flag(help: "Print the stable JSON form (see README).") var json = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be a positive number, got \(limit)") }
    }

    func run() async throws {
        let store = try await database.openForReading()
        let entries = try await store.list(namespace: namespace, model: model, limit: limit)
        try await store.close()
        let now = Date()
        if json {
            print(try Formatting.json(entries.map { EntryReport($0, now: now, includeBodies: false) }))
            return
        }
        guard !entries.isEmpty else {
            print("No entries.")
            return
        }
        var table = TextTable([
            ("Key", .left), ("Namespace", .left), ("Model", .left), ("Created", .left), ("Expires", .left),
            ("Hits", .right), ("Last hit", .left), ("Size", .right),
        ])
        for entry in entries {
            let expires = entry.isExpired(at: now) ? "expired" : Formatting.date(entry.expiresAt)
            table.append([
                String(entry.key.prefix(16)), entry.namespace, entry.model, Formatting.date(entry.createdAt), expires,
                "\(entry.hitCount)", Formatting.date(entry.lastHitAt), Formatting.bytes(Int64(entry.size)),
            ])
        }
        print(table.rendered)
    }
}
