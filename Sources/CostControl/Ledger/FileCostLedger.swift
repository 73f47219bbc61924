import Foundation
import LLMCore
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A persistent ledger in one append-only JSON-lines file: one ``CostRecord`` per line.
///
/// Each ``append(_:)`` writes the whole line with one `write` to a descriptor opened with `O_APPEND`
/// and calls `fsync` before returning (a newly created file's folder is synced once as well), so a record that was appended survives a crash or restart.
/// Opening the ledger reads every line back; this is what makes a daily cap survive a restart.
///
/// A last line without its newline is a write cut short by a crash: it is cut off (with a warning) so that
/// the next record starts on a fresh line. Any other unreadable line is an error naming the file and the
/// line number. One process should own the file at a time.
public actor FileCostLedger: CostLedger {
    /// An error reading or writing the ledger file.
    public struct FileError: Error, Sendable, CustomStringConvertible {
        /// The ledger file.
        public let path: String
        /// The 1-based line at fault, when the problem is one line.
        public let line: Int?
        /// What went wrong.
        public let problem: String
        public var description: String {
            "cost ledger \(path)\(line.map { " line \($0)" } ?? ""): \(problem)"
        }
    }

    /// What the totals need of one record.
    private struct Entry: Sendable {
        var timestamp: Date
        var cost: MicroDollars
        var tags: [String: String]

        init(_ record: CostRecord) {
            self.timestamp = record.timestamp
            self.cost = record.cost
            self.tags = record.tags
        }
    }

    /// The ledger file.
    public nonisolated let path: String
    private var entries: [Entry]
    private let descriptor: Int32
    private let logger: Logger

    /// Opens (or creates) the ledger at `url` and reads the records already in it.
    public init(url: URL, logger: Logger = Logger(label: "llmcache.cost.ledger")) throws {
        self.path = url.path
        self.logger = logger
        let existed = FileManager.default.fileExists(atPath: url.path)
        let fd = open(url.path, O_RDWR | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else {
            throw FileError(path: url.path, line: nil, problem: "cannot open: \(String(cString: strerror(errno)))")
        }
        if !existed {
            // A new file's directory entry must reach the disk too, or the file can vanish in a crash.
            let directory = open(url.deletingLastPathComponent().path, O_RDONLY)
            if directory >= 0 {
                _ = fsync(directory)
                close(directory)
            }
        }
        do {
            self.entries = try Self.readEntries(path: url.path, descriptor: fd, logger: logger)
        } catch {
            close(fd)
            throw error
        }
        self.descriptor = fd
    }

    deinit { close(descriptor) }

    /// The number of records in the file.
    public var count: Int { entries.count }

    /// Appends `record` as one line and syncs the file to disk before returning.
    public func append(_ record: CostRecord) throws {
        var line = try Self.encoder.encode(record)
        line.append(UInt8(ascii: "\n"))
        try line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw FileError(path: path, line: nil, problem: "write failed: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
        guard fsync(descriptor) == 0 else {
            throw FileError(path: path, line: nil, problem: "fsync failed: \(String(cString: strerror(errno)))")
        }
        entries.append(Entry(record))
    }

    /// The total cost of the records in `interval` (start included, end excluded).
    public func totalSpent(in interval: DateInterval) -> MicroDollars {
        entries.reduce(.zero) { interval.containsHalfOpen($1.timestamp) ? $0 + $1.cost : $0 }
    }

    /// The total cost of the records tagged `tag` in `interval` (start included, end excluded).
    public func totalSpent(in interval: DateInterval, tag: CostTag) -> MicroDollars {
        entries.reduce(.zero) {
            interval.containsHalfOpen($1.timestamp) && $1.tags[tag.key] == tag.value ? $0 + $1.cost : $0
        }
    }

    /// Every record in the file, in order.
    public nonisolated static func records(at url: URL) throws -> [CostRecord] {
        let data = try Data(contentsOf: url)
        return try data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).enumerated().map {
            index, line in
            do {
                return try decoder.decode(CostRecord.self, from: Data(line))
            } catch {
                throw FileError(path: url.path, line: index + 1, problem: "not a cost record: \(error)")
            }
        }
    }

    private static func readEntries(path: String, descriptor: Int32, logger: Logger) throws -> [Entry] {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
        var complete = data
        if let last = data.last, last != UInt8(ascii: "\n") {
            let keep = (data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? data.startIndex
            logger.warning(
                "cost ledger ends in a partial line (a write cut short); cutting it off",
                metadata: ["path": "\(path)", "bytes": "\(data.count - keep)"])
            guard ftruncate(descriptor, off_t(keep)) == 0 else {
                throw FileError(path: path, line: nil, problem: "cannot cut off the partial last line")
            }
            complete = data.prefix(upTo: keep)
        }
        var entries: [Entry] = []
        var lineNumber = 0
        for line in complete.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.isEmpty { continue }
            do {
                let record = try decoder.decode(CostRecord.self, from: Data(line))
                entries.append(Entry(record))
            } catch {
                throw FileError(path: path, line: lineNumber, problem: "not a cost record: \(error)")
            }
        }
        return entries
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }
}
