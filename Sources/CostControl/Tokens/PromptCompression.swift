import LLMCore

/// Whitespace compression of long texts that cannot change what they say, chosen with
/// ``TokenLimits/compression`` (off unless set).
///
/// In each text block of the system prompt and of the user turns that is at least ``minimumLength`` bytes
/// long (UTF-8), outside code fenced by three or more backticks or tildes:
/// - a run of spaces and tabs after a line's first non-blank character becomes one space (the line's
///   leading indentation is kept, since it nests lists and marks indented code, and so is the spacing
///   inside inline code in backticks on one line);
/// - whitespace at the end of a line (spaces, tabs, a carriage return) is removed;
/// - three or more line breaks in a row (two or more blank lines) become two (one blank line).
///
/// Fenced code, fences included, stays byte for byte as written (an unclosed fence keeps the rest of the
/// text as written), and so do tool calls, tool results, images, provider blocks and assistant turns (the
/// model's own words, and a prefill whose spacing the answer continues). Single line breaks are kept.
/// Compressing a compressed text changes nothing. Nothing lossy is done: a text loses only whitespace that
/// carries no meaning outside code.
public struct PromptCompression: Sendable, Hashable {
    /// The shortest text (in UTF-8 bytes) that is compressed; shorter texts are sent as written.
    public var minimumLength: Int

    /// Compression of texts of at least `minimumLength` bytes.
    ///
    /// - Parameter minimumLength: the shortest text compressed, in UTF-8 bytes. Default: 2,000 (a long
    ///   document, not a question).
    public init(minimumLength: Int = 2_000) {
        self.minimumLength = minimumLength
    }

    /// `request` with its long texts compressed, and how many text blocks changed.
    ///
    /// - Parameter request: the request as it would be sent.
    /// - Returns: the request to send and the number of text blocks compression shortened.
    public func apply(to request: LLMRequest) -> (request: LLMRequest, compressedBlocks: Int) {
        var sent = request
        var count = 0
        for index in sent.system.indices {
            let text = sent.system[index].text
            let compressed = compress(text)
            if compressed != text {
                sent.system[index].text = compressed
                count += 1
            }
        }
        for index in sent.messages.indices where sent.messages[index].role == .user {
            for blockIndex in sent.messages[index].content.indices {
                guard case .text(var block) = sent.messages[index].content[blockIndex] else { continue }
                let compressed = compress(block.text)
                guard compressed != block.text else { continue }
                block.text = compressed
                sent.messages[index].content[blockIndex] = .text(block)
                count += 1
            }
        }
        return (count > 0 ? sent : request, count)
    }

    /// `text` compressed, or as written when it is shorter than ``minimumLength``.
    ///
    /// - Parameter text: the text.
    /// - Returns: the text with the whitespace described above removed.
    public func compress(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= max(minimumLength, 0) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var fence: Fence?
        var blankLines = 0
        var wroteLine = false
        var lines = bytes.split(separator: Self.newline, omittingEmptySubsequences: false)
        // A final line break ends the text rather than starting a blank line.
        let endsWithNewline = lines.count > 1 && lines.last?.isEmpty == true
        if endsWithNewline { lines.removeLast() }
        for line in lines {
            if let open = fence {
                // Inside a fence every line, the closing fence included, is kept as written.
                if wroteLine { output.append(Self.newline) }
                output.append(contentsOf: line)
                wroteLine = true
                if open.isClosed(by: line) { fence = nil }
                continue
            }
            if let opening = Fence(opening: line) {
                fence = opening
                if wroteLine { output.append(Self.newline) }
                output.append(contentsOf: line)
                wroteLine = true
                blankLines = 0
                continue
            }
            let squeezed = Self.squeeze(line)
            if squeezed.isEmpty {
                blankLines += 1
                // One blank line is kept; more say nothing more.
                guard blankLines == 1 else { continue }
            } else {
                blankLines = 0
            }
            if wroteLine { output.append(Self.newline) }
            output.append(contentsOf: squeezed)
            wroteLine = true
        }
        if endsWithNewline { output.append(Self.newline) }
        return String(decoding: output, as: UTF8.self)
    }

    static let newline = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let carriageReturn = UInt8(ascii: "\r")
    static let backtick = UInt8(ascii: "`")

    /// `line` with its leading indentation kept, inner runs of spaces and tabs made one space, and trailing
    /// whitespace removed.
    static func squeeze(_ line: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(line.count)
        var index = line.startIndex
        while index < line.endIndex, line[index] == space || line[index] == tab {
            result.append(line[index])
            index += 1
        }
        var pendingSpace = false
        let spans = codeSpans(in: line)
        var nextSpan = 0
        while index < line.endIndex {
            let byte = line[index]
            if nextSpan < spans.count, spans[nextSpan].lowerBound == index {
                // Inline code keeps its spacing: it may be meaningful there.
                if pendingSpace { result.append(space) }
                pendingSpace = false
                result.append(contentsOf: line[spans[nextSpan]])
                index = spans[nextSpan].upperBound
                nextSpan += 1
                continue
            }
            if byte == space || byte == tab || byte == carriageReturn {
                pendingSpace = true
            } else {
                if pendingSpace { result.append(space) }
                pendingSpace = false
                result.append(byte)
            }
            index += 1
        }
        // A line of only indentation is blank.
        if result.allSatisfy({ $0 == space || $0 == tab }) { return [] }
        return result
    }

    /// The inline code spans of `line`, left to right: each from a run of backticks to the next run of as
    /// many on the line. A run that closes nothing is plain text. Linear in the line's length.
    static func codeSpans(in line: ArraySlice<UInt8>) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var index = line.startIndex
        while index < line.endIndex {
            guard line[index] == backtick else {
                index += 1
                continue
            }
            let start = index
            while index < line.endIndex, line[index] == backtick { index += 1 }
            runs.append(start..<index)
        }
        guard runs.count > 1 else { return [] }
        var runsByLength: [Int: [Int]] = [:]
        for (position, run) in runs.enumerated() { runsByLength[run.count, default: []].append(position) }
        var cursors: [Int: Int] = [:]
        var spans: [Range<Int>] = []
        var position = 0
        while position < runs.count {
            let length = runs[position].count
            let candidates = runsByLength[length] ?? []
            var cursor = cursors[length] ?? 0
            while cursor < candidates.count, candidates[cursor] <= position { cursor += 1 }
            cursors[length] = cursor
            if cursor < candidates.count {
                let closing = candidates[cursor]
                spans.append(runs[position].lowerBound..<runs[closing].upperBound)
                position = closing + 1
            } else {
                position += 1
            }
        }
        return spans
    }

    /// An open code fence: its character and length, as CommonMark reads them.
    struct Fence {
        var character: UInt8
        var length: Int

        /// The fence `line` opens: indentation, then three or more backticks or tildes. (CommonMark allows at
        /// most three spaces; any indentation is taken here, so a fence in a list item is kept too: reading
        /// too many lines as code only keeps more text as written.)
        init?(opening line: ArraySlice<UInt8>) {
            guard let (character, length, _) = Self.run(in: line) else { return nil }
            self.character = character
            self.length = length
        }

        /// Whether `line` closes this fence: the same character, at least as many, then only whitespace.
        func isClosed(by line: ArraySlice<UInt8>) -> Bool {
            guard let (character, length, rest) = Self.run(in: line) else { return false }
            return character == self.character && length >= self.length
                && rest.allSatisfy {
                    $0 == PromptCompression.space || $0 == PromptCompression.tab
                        || $0 == PromptCompression.carriageReturn
                }
        }

        /// The fence run at the start of `line`, and what follows it.
        private static func run(in line: ArraySlice<UInt8>) -> (UInt8, Int, ArraySlice<UInt8>)? {
            var index = line.startIndex
            while index < line.endIndex, line[index] == PromptCompression.space || line[index] == PromptCompression.tab
            {
                index += 1
            }
            guard index < line.endIndex else { return nil }
            let character = line[index]
            guard character == UInt8(ascii: "`") || character == UInt8(ascii: "~") else { return nil }
            var length = 0
            while index < line.endIndex, line[index] == character {
                index += 1
                length += 1
            }
            guard length >= 3 else { return nil }
            return (character, length, line[index...])
        }
    }
}
