import ArgumentParser
import CacheStorage
import LLMCore

/// `cachectl purge`: remove entries by a selector.
struct PurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Remove cached entries.",
        discussion: """
            Selectors combine: every one given must hold. With no selector nothing is removed: \
            removing everything takes an explicit --all.
            """)

    @OptionGroup var database: DatabaseOption
    @Flag(help: "Select every entry.") var all = false
    @Flag(help: "Select entries whose TTL has run out.") var expired = false
    @Option(help: "Select entries of this namespace.") var namespace: String?
    @Option(help: "Select entries of this model.") var model: String?
    @Option(
        help: "Select entries stored longer ago than this (e.g. 90m, 12h, 7d, 2w).", transform: Duration.init(parsing:))
    var olderThan: Duration?
    @Option(help: "Select the entries with this exact key (64 hex digits).") var key: String?
    @Option(help: "Select entries stored with this tag.") var tag: String?
    @Flag(help: "Report what would be removed, remove nothing.") var dryRun = false
    @Flag(help: "Print the result as JSON.") var json = false

    func validate() throws {
        if let key, CacheKey(hex: key) == nil {
            throw ValidationError("--key must be 64 hex digits; use `cachectl list` to find keys")
        }
        if selector.isEmpty {
            throw ValidationError(
                "no selector given; pass --all to remove everything, or --expired, --namespace, --model, "
                    + "--older-than, --key or --tag")
        }
    }

    var selector: PurgeSelector {
        PurgeSelector(
            all: all, expired: expired, namespace: namespace, model: model,
            olderThan: olderThan, key: key, tag: tag)
    }

    func run() async throws {
        let store = dryRun ? try await database.openForReading() : try await database.openForWriting()
        let result = try await store.purge(selector, dryRun: dryRun)
        try await store.close()
        if json {
            print(try Formatting.json(PurgeReport(dryRun: dryRun, entries: result.entries, bytes: result.bytes)))
        } else {
            let verb = dryRun ? "Would remove" : "Removed"
            print("\(verb) \(Formatting.count(Int64(result.entries))) entries (\(Formatting.bytes(result.bytes))).")
        }
    }
}

/// The `--json` form of `cachectl purge`.
struct PurgeReport: Encodable {
    var dryRun: Bool
    var entries: Int
    var bytes: Int64

    enum CodingKeys: String, CodingKey {
        case entries, bytes
        case dryRun = "dry_run"
    }
}
