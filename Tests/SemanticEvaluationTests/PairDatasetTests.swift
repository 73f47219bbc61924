import Foundation
import SemanticEvaluation
import Testing

@Suite("Dataset formats and bad lines")
struct PairDatasetTests {
    func parse(_ text: String, _ policy: BadLinePolicy = .stop, limit: Int? = nil) throws -> PairDataset {
        try PairDataset.parse(Data(text.utf8), source: "test.jsonl", onBadLine: policy, limit: limit)
    }

    @Test("JSON Lines of text_a, text_b and label, with line numbers, CRLF and a final newline")
    func jsonLines() throws {
        let dataset = try parse(
            """
            {"text_a": "How do I reset my password?", "text_b": "I forgot my password", "label": 1}\r
            {"text_a": "How do I reset my password?", "text_b": "How do I change my username?", "label": 0}

            """)
        #expect(dataset.format == .jsonLines)
        #expect(dataset.pairs.count == 2)
        #expect(
            dataset.pairs[0]
                == LabelledPair(
                    textA: "How do I reset my password?", textB: "I forgot my password", isDuplicate: true, line: 1))
        #expect(dataset.pairs[1].isDuplicate == false)
        #expect(dataset.pairs[1].line == 2)
        #expect(dataset.duplicateCount == 1)
    }

    @Test("a JSON list of pairs, with each item's starting line")
    func jsonList() throws {
        let dataset = try parse(
            """
            [
              {"text_a": "a [with] {brackets}", "text_b": "b, \\"quoted\\"", "label": 1},
              {
                "text_a": "c",
                "text_b": "d",
                "label": 0
              }
            ]
            """)
        #expect(dataset.format == .jsonList)
        #expect(dataset.pairs.map(\.line) == [2, 3])
        #expect(dataset.pairs[0].textB == "b, \"quoted\"")
    }

    @Test("a JSON list of origin and similar means label 1")
    func originSimilar() throws {
        let dataset = try parse(#"[{"origin": "What is a refund?", "similar": "Explain refunds"}]"#)
        #expect(
            dataset.pairs == [
                LabelledPair(
                    textA: "What is a refund?", textB: "Explain refunds", isDuplicate: true, line: 1)
            ])
    }

    @Test("labels may be true/false or 1.0/0.0; a byte-order mark is ignored")
    func labelSpellings() throws {
        let dataset = try parse(
            "\u{FEFF}{\"text_a\": \"a\", \"text_b\": \"b\", \"label\": true}\n"
                + "{\"text_a\": \"a\", \"text_b\": \"c\", \"label\": 0.0}\n")
        #expect(dataset.pairs.map(\.isDuplicate) == [true, false])
    }

    static let messy = """
        {"text_a": "a", "text_b": "b", "label": 1}

        {"text_a": "a", "text_b": "b", "label": 1
        {"text_a": "a", "label": 1}
        {"text_a": "a", "text_b": "b", "label": 2}
        {"text_a": "  ", "text_b": "b", "label": 0}
        {"text_a": "a", "text_b": 5, "label": 0}
        ["a", "b", 1]
        {"question": "a"}
        {"text_a": "a", "text_b": "b", "label": "1"}
        {"text_a": "c", "text_b": "d", "label": 0}
        """

    @Test("bad lines are skipped with their numbers and problems")
    func skipBadLines() throws {
        let dataset = try parse(Self.messy, .skip)
        #expect(dataset.pairs.map(\.line) == [1, 11])
        #expect(dataset.skipped.map(\.line) == [2, 3, 4, 5, 6, 7, 8, 9, 10])
        #expect(
            dataset.skipped.map(\.problem) == [
                "empty line", "not valid JSON", "missing \"text_b\"", "\"label\" must be 0 or 1",
                "\"text_a\" is empty", "\"text_b\" is not a string", "not a JSON object",
                "expected \"text_a\", \"text_b\" and \"label\" (or \"origin\" and \"similar\")",
                "\"label\" must be 0 or 1",
            ])
        #expect(dataset.skipped[0].description == "test.jsonl:2: empty line")
    }

    @Test("with stop, the first bad line is the error, by number")
    func stopAtBadLine() throws {
        #expect(throws: DatasetError.badLine(DatasetLineError(file: "test.jsonl", line: 2, problem: "empty line"))) {
            try parse(Self.messy, .stop)
        }
    }

    @Test("a bad item of a JSON list is named by the line it starts on")
    func badListItem() throws {
        let text = "[\n {\"text_a\": \"a\", \"text_b\": \"b\", \"label\": 1},\n\n {\"text_a\": \"a\"}\n]"
        #expect(
            throws: DatasetError.badLine(DatasetLineError(file: "test.jsonl", line: 4, problem: "missing \"text_b\""))
        ) {
            try parse(text)
        }
        #expect(try parse(text, .skip).pairs.count == 1)
    }

    @Test("a list that is not valid JSON, and a file without pairs, are errors")
    func wholeFileErrors() throws {
        #expect {
            try parse("[{\"text_a\": \"a\"")
        } throws: { error in
            guard case .invalidJSON = error as? DatasetError else { return false }
            return true
        }
        #expect(throws: DatasetError.noPairs(file: "test.jsonl", skippedLines: 0)) { try parse("") }
        #expect(throws: DatasetError.noPairs(file: "test.jsonl", skippedLines: 2)) { try parse("\n\n", .skip) }
    }

    @Test("limit keeps the first N usable pairs")
    func limit() throws {
        let dataset = try parse(Self.messy, .skip, limit: 1)
        #expect(dataset.pairs.map(\.line) == [1])
        #expect(dataset.skipped.isEmpty)
    }

    @Test("an unreadable path names the file")
    func unreadable() throws {
        #expect {
            try PairDataset.load(path: "/nonexistent/pairs.jsonl")
        } throws: { error in
            guard case .unreadable(let file, _) = error as? DatasetError else { return false }
            return file == "/nonexistent/pairs.jsonl"
        }
    }
}
