import Foundation
import Testing

@Suite("README: the first example")
struct ReadmeExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("is the compiled FirstExample.swift, after its one import")
    func exampleIsCompiled() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let block = try #require(
            Self.firstSwiftBlock(in: readme, startingWith: "import LLMCache"),
            "README.md has a ```swift block that starts with import LLMCache")
        var lines = block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "import LLMCache", "the example's only import")
        #expect(!lines.dropFirst().contains { $0.hasPrefix("import ") }, "no second import")
        lines.removeFirst()
        let compiled = try String(
            contentsOf: Self.root.appendingPathComponent("Tests/ReadmeExampleTests/FirstExample.swift"), encoding: .utf8
        )
        let inner = try #require(Self.between("// README example begins", "// README example ends", in: compiled))
        let body = inner.map { $0.hasPrefix("    ") ? String($0.dropFirst(4)) : $0 }
        #expect(
            Self.trimmed(lines) == Self.trimmed(body), "update FirstExample.swift when the README's example changes")
    }

    /// The text of the first fenced Swift block that starts with `prefix`.
    static func firstSwiftBlock(in text: String, startingWith prefix: String) -> String? {
        AddCachingArticleTests.swiftBlocks(in: text).first { $0.hasPrefix(prefix) }
    }

    /// The lines strictly between the lines holding `begin` and `end`.
    static func between(_ begin: String, _ end: String, in text: String) -> [String]? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.firstIndex(where: { $0.contains(begin) }),
            let last = lines.firstIndex(where: { $0.contains(end) }), first < last
        else { return nil }
        return Array(lines[(first + 1)..<last])
    }

    static func trimmed(_ lines: [String]) -> [String] {
        Array(lines.drop { $0.isEmpty }.reversed().drop { $0.isEmpty }.reversed())
    }
}
