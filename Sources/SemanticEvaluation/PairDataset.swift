import Foundation

/// A labelled-pair dataset read from a file, with the lines that were left out.
///
/// Accepted formats, told apart by the first non-blank character:
/// - JSON Lines: one object per line, `{"text_a": …, "text_b": …, "label": 0 or 1}`; an
///   `{"origin": …, "similar": …}` line is a pair with label 1;
/// - a JSON list of such objects (`[{…}, {…}]`), including GPTCache's `{origin, similar}` lists.
///
/// Empty lines, lines that are not JSON objects, and records with a missing or empty text or a label
/// other than 0 or 1 are bad lines: each is reported with its 1-based line number (for a list, the line
/// its item starts on) and either skipped or fatal, as the ``BadLinePolicy`` says.
public struct PairDataset: Sendable {
    /// How the file was written.
    public enum Format: String, Sendable, Codable {
        /// One JSON object per line.
        case jsonLines = "jsonl"
        /// One JSON list of objects.
        case jsonList = "json"
    }

    /// The file the pairs came from, as given.
    public var source: String
    /// The file's format.
    public var format: Format
    /// The usable pairs, in file order (at most the limit given to the loader).
    public var pairs: [LabelledPair]
    /// The bad lines that were skipped, in file order.
    public var skipped: [DatasetLineError]

    /// A dataset of the given pairs (for tests and callers that build pairs in code).
    public init(source: String, format: Format = .jsonLines, pairs: [LabelledPair], skipped: [DatasetLineError] = []) {
        self.source = source
        self.format = format
        self.pairs = pairs
        self.skipped = skipped
    }

    /// Pairs with label 1.
    public var duplicateCount: Int { pairs.reduce(0) { $0 + ($1.isDuplicate ? 1 : 0) } }

    /// Reads a dataset file.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - onBadLine: Skip bad lines or stop at the first.
    ///   - limit: Keep only the first `limit` usable pairs (`nil`: all).
    /// - Throws: ``DatasetError``.
    public static func load(path: String, onBadLine: BadLinePolicy = .stop, limit: Int? = nil) throws -> PairDataset {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DatasetError.unreadable(file: path, reason: Self.reason(error))
        }
        return try parse(data, source: path, onBadLine: onBadLine, limit: limit)
    }

    /// Parses the bytes of a dataset file; see ``load(path:onBadLine:limit:)``.
    public static func parse(
        _ data: Data, source: String, onBadLine: BadLinePolicy = .stop, limit: Int? = nil
    ) throws -> PairDataset {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let firstSignificant = bytes.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        var reader = RecordReader(source: source, policy: onBadLine, limit: limit)
        let format: Format
        if firstSignificant == UInt8(ascii: "[") {
            format = .jsonList
            try reader.readList(bytes)
        } else {
            format = .jsonLines
            try reader.readLines(bytes)
        }
        guard !reader.pairs.isEmpty else {
            throw DatasetError.noPairs(file: source, skippedLines: reader.skipped.count)
        }
        return PairDataset(source: source, format: format, pairs: reader.pairs, skipped: reader.skipped)
    }

    static func reason(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}

/// Turns records into pairs under one bad-line policy and limit.
private struct RecordReader {
    let source: String
    let policy: BadLinePolicy
    let limit: Int?
    var pairs: [LabelledPair] = []
    var skipped: [DatasetLineError] = []

    init(source: String, policy: BadLinePolicy, limit: Int?) {
        self.source = source
        self.policy = policy
        self.limit = limit.map { max(0, $0) }
    }

    var isFull: Bool { limit.map { pairs.count >= $0 } ?? false }

    mutating func readLines(_ bytes: [UInt8]) throws {
        var lineNumber = 0
        var start = 0
        while start < bytes.count && !isFull {
            lineNumber += 1
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            var line = bytes[start..<end]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            start = end + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                try bad(lineNumber, "empty line")
                continue
            }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed])
            } catch {
                try bad(lineNumber, "not valid JSON")
                continue
            }
            try record(object, line: lineNumber)
        }
    }

    mutating func readList(_ bytes: [UInt8]) throws {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw DatasetError.invalidJSON(file: source, reason: PairDataset.reason(error))
        }
        guard let items = root as? [Any] else {
            throw DatasetError.invalidJSON(file: source, reason: "the top level is not a list")
        }
        let lines = JSONListLines.itemLines(in: bytes)
        for (position, item) in items.enumerated() where !isFull {
            let line = position < lines.count ? lines[position] : 0
            try record(item, line: line)
        }
    }

    private mutating func record(_ object: Any, line: Int) throws {
        guard let fields = object as? [String: Any] else {
            try bad(line, "not a JSON object")
            return
        }
        switch Self.pair(from: fields, line: line) {
        case .success(let pair): pairs.append(pair)
        case .failure(let problem): try bad(line, problem.text)
        }
    }

    private mutating func bad(_ line: Int, _ problem: String) throws {
        let error = DatasetLineError(file: source, line: line, problem: problem)
        switch policy {
        case .stop: throw DatasetError.badLine(error)
        case .skip: skipped.append(error)
        }
    }

    private struct Problem: Error {
        var text: String
    }

    private static func pair(from fields: [String: Any], line: Int) -> Result<LabelledPair, Problem> {
        if fields["text_a"] != nil || fields["text_b"] != nil || fields["label"] != nil {
            return text(fields, "text_a").flatMap { a in
                text(fields, "text_b").flatMap { b in
                    label(fields).map {
                        LabelledPair(
                            textA: a, textB: b, isDuplicate: $0, line: line,
                            category: (fields["category"] as? String).flatMap { $0.isEmpty ? nil : $0 })
                    }
                }
            }
        }
        if fields["origin"] != nil || fields["similar"] != nil {
            return text(fields, "origin").flatMap { a in
                text(fields, "similar").map { LabelledPair(textA: a, textB: $0, isDuplicate: true, line: line) }
            }
        }
        return .failure(Problem(text: "expected \"text_a\", \"text_b\" and \"label\" (or \"origin\" and \"similar\")"))
    }

    private static func text(_ fields: [String: Any], _ key: String) -> Result<String, Problem> {
        guard let value = fields[key] else { return .failure(Problem(text: "missing \"\(key)\"")) }
        guard let text = value as? String else { return .failure(Problem(text: "\"\(key)\" is not a string")) }
        guard text.contains(where: { !$0.isWhitespace }) else {
            return .failure(Problem(text: "\"\(key)\" is empty"))
        }
        return .success(text)
    }

    private static func label(_ fields: [String: Any]) -> Result<Bool, Problem> {
        guard let value = fields["label"] else { return .failure(Problem(text: "missing \"label\"")) }
        if !(value is String), let number = value as? NSNumber {
            if number.doubleValue == 1 { return .success(true) }
            if number.doubleValue == 0 { return .success(false) }
        }
        return .failure(Problem(text: "\"label\" must be 0 or 1"))
    }
}
