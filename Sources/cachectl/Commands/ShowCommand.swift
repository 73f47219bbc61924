import ArgumentParser
import CacheStorage
import Foundation
import LLMCore

/// `cachectl show KEY`: one entry in full.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a cached entry: its prompt, answer, expiry and hits.")

    @OptionGroup var database: DatabaseOption
    @Argument(help: "The entry's key, or its first 8 or more hex digits (as `cachectl list` prints).")
    var key: String
    @Flag(help: "Print the stable JSON form (see README).") var json = false

    func validate() throws {
        let isHex = key.allSatisfy { $0.isHexDigit }
        guard isHex, (8...64).contains(key.count) else {
            throw ValidationError("KEY must be 8 to 64 hex digits, got '\(key)'; `cachectl list` prints keys")
        }
    }

    func run() async throws {
        let store = try await database.openForReading()
        let entries = try await store.entries(keyPrefix: key)
        try await store.close()
        guard !entries.isEmpty else {
            throw NotFound(message: "no entry has a key starting with \(key.lowercased()); `cachectl list` prints keys")
        }
        let now = Date()
        if json {
            print(try Formatting.json(entries.map { EntryReport($0, now: now, includeBodies: true) }))
            return
        }
        print(entries.map { Self.render($0, now: now) }.joined(separator: "\n\n"))
    }

    static func render(_ entry: CacheEntry, now: Date) -> String {
        var table = TextTable(labelled: 2)
        let expiry = entry.expiresAt.map { Formatting.date($0) + (entry.isExpired(at: now) ? " (expired)" : "") }
        table.append(["Key", entry.key])
        table.append(["Namespace", entry.namespace])
        table.append(["Model", "\(entry.provider) / \(entry.model)"])
        table.append(["Created", Formatting.date(entry.createdAt)])
        table.append(["Expires", expiry ?? "never"])
        table.append(["TTL", entry.ttl.map { "\($0.shortDescription)\(entry.sliding ? " (sliding)" : "")" } ?? "-"])
        table.append(["Hits", "\(entry.hitCount), last \(Formatting.date(entry.lastHitAt))"])
        table.append(["Size", Formatting.bytes(Int64(entry.size))])
        table.append(["Tokens", "\(entry.inputTokens) in, \(entry.outputTokens) out"])
        table.append(["Cost", entry.cost.map { Formatting.money(micros: $0.rawValue) } ?? "not priced"])
        table.append(["Tags", entry.tags.isEmpty ? "-" : entry.tags.joined(separator: ", ")])
        let request = entry.request.flatMap { try? JSONDecoder().decode(LLMRequest.self, from: $0) }
        let response = try? JSONDecoder().decode(LLMResponse.self, from: entry.response)
        table.append(["Prompt", request?.lastUserText ?? "(not kept)"])
        table.append(["Answer", response?.text ?? "(unreadable)"])
        return table.rendered
    }
}

/// An error whose description is the whole message.
struct NotFound: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
