import Foundation
import Testing

@Suite("Add caching to your app: the article's code is the sample app's")
struct AddCachingArticleTests {
    static let root = ReadmeExampleTests.root
    static let sample = root.appendingPathComponent("Examples/AddCaching")

    @Test("every Swift block of the article is, in order, a snippet of the sample package that CI builds and runs")
    func blocksAreTheSample() throws {
        let article = try String(
            contentsOf: Self.root.appendingPathComponent("Sources/LLMCache/LLMCache.docc/AddCaching.md"),
            encoding: .utf8)
        let blocks = Self.swiftBlocks(in: article)
        var snippets: [String] = []
        for file in ["Package.swift", "Sources/AddCaching/main.swift"] {
            let text = try String(contentsOf: Self.sample.appendingPathComponent(file), encoding: .utf8)
            snippets += Self.snippets(in: text)
        }
        #expect(snippets.count >= 6, "the sample marks its snippets")
        #expect(blocks == snippets, "update AddCaching.md when the sample changes (or the other way round)")
    }

    @Test("the sample imports LLMCache alone and depends on its one product")
    func oneImport() throws {
        let main = try String(
            contentsOf: Self.sample.appendingPathComponent("Sources/AddCaching/main.swift"), encoding: .utf8)
        let imports = main.split(separator: "\n").filter { $0.hasPrefix("import ") }
        #expect(imports == ["import Foundation", "import LLMCache"])
        let manifest = try String(contentsOf: Self.sample.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains(#".product(name: "LLMCache", package: "LLMCache")"#))
    }

    /// The fenced Swift blocks of `text`, in order.
    static func swiftBlocks(in text: String) -> [String] {
        var blocks: [String] = []
        var rest = text[...]
        while let start = rest.range(of: "```swift\n"),
            let end = rest.range(of: "\n```", range: start.upperBound..<rest.endIndex)
        {
            blocks.append(String(rest[start.upperBound..<end.lowerBound]))
            rest = rest[end.upperBound...]
        }
        return blocks
    }

    /// The parts of `text` between `// snippet: NAME` and `// end snippet` lines, in order.
    static func snippets(in text: String) -> [String] {
        var found: [String] = []
        var current: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("// snippet: ") {
                current = []
            } else if trimmed == "// end snippet", let lines = current {
                found.append(lines.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return found
    }
}
