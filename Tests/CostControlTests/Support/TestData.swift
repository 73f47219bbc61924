import CostControl
import Foundation
import LLMCore

/// Paths and shared fixtures for the tests. Files are found from this source file's path, so the tests
/// read the package's own `data/` folder whatever the working directory.
enum TestData {
    /// The package root (four levels above this file).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let pricingURL = packageRoot.appendingPathComponent("data/pricing.json")
    static let routingURL = packageRoot.appendingPathComponent("data/routing.json")

    /// The real pricing table.
    static func pricing() throws -> PricingTable { try PricingTable.load(contentsOf: pricingURL) }

    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("costcontrol-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// 2026-03-14 12:00:00 UTC.
    static let noon = Date(timeIntervalSince1970: 1_773_489_600)

    /// A minimal valid row in the project's pricing format, as a JSON object literal.
    static func row(_ id: String, overriding overrides: [String: String] = [:], removing: Set<String> = []) -> String {
        var fields: [(String, String)] = [
            ("id", "\"\(id)\""), ("provider", "\"anthropic\""), ("input", "3"), ("output", "15"),
            ("cache_write_5m", "3.75"), ("cache_write_1h", "6"), ("cache_read", "0.3"),
            ("batch_discount_percent", "50"), ("context_window", "200000"), ("min_cacheable_tokens", "1024"),
            ("source", "\"test\""), ("as_of", "\"2026-11-22\""),
        ]
        fields = fields.filter { !removing.contains($0.0) }.map { ($0.0, overrides[$0.0] ?? $0.1) }
        for (key, value) in overrides where !fields.contains(where: { $0.0 == key }) { fields.append((key, value)) }
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// A pricing document holding `rows`.
    static func document(_ rows: [String]) -> Data { Data("{\"models\": [\(rows.joined(separator: ", "))]}".utf8) }
}

/// A clock the tests move by hand.
final class ManualClock: @unchecked Sendable {
    // `@unchecked Sendable` is sound: `current` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(by seconds: TimeInterval) {
        lock.lock()
        defer { lock.unlock() }
        current = current.addingTimeInterval(seconds)
    }

    var function: @Sendable () -> Date { { [self] in self.now } }
}

/// Records the waits a retry executor asked for, without sleeping.
actor SleepRecorder {
    private(set) var waits: [Duration] = []
    func record(_ wait: Duration) { waits.append(wait) }
}
