import CostControl
import Foundation
import LLMCore
import Testing

@Suite("Pricing file discovery and formats")
struct PricingFileLocatorTests {
    @Test("the environment variable wins, then the executable's folders, then the current directory")
    func order() throws {
        let exe = URL(fileURLWithPath: "/opt/pkg/.build/debug/cachectl")
        let cwd = URL(fileURLWithPath: "/home/user/project")
        let env = try PricingFileLocator.locate(
            environment: ["LLMCACHE_PRICING": "/etc/prices.json"], executable: exe, currentDirectory: cwd,
            fileExists: { _ in true })
        #expect(env.path == "/etc/prices.json")
        let fromExecutable = try PricingFileLocator.locate(
            environment: [:], executable: exe, currentDirectory: cwd,
            fileExists: { $0 == "/opt/pkg/data/pricing.json" || $0 == "/home/user/project/data/pricing.json" })
        #expect(fromExecutable.path == "/opt/pkg/data/pricing.json")
        let fromDirectory = try PricingFileLocator.locate(
            environment: [:], executable: exe, currentDirectory: cwd,
            fileExists: { $0 == "/home/data/pricing.json" })
        #expect(fromDirectory.path == "/home/data/pricing.json")
        let error = #expect(throws: PricingFileLocator.NotFoundError.self) {
            try PricingFileLocator.locate(
                environment: [:], executable: exe, currentDirectory: cwd, fileExists: { _ in false })
        }
        #expect(error?.searched.contains("/opt/pkg/.build/debug/data/pricing.json") == true)
        #expect(error?.searched.contains("/opt/pkg/.build/share/llmcache/pricing.json") == true)
    }

    @Test("the shipped price table comes last, after every data/ folder")
    func shippedLast() throws {
        let exe = URL(fileURLWithPath: "/opt/pkg/.build/debug/app")
        let cwd = URL(fileURLWithPath: "/home/user/project")
        let shipped = URL(fileURLWithPath: "/opt/pkg/.build/debug/LLMCache_CostControl.resources/pricing.json")
        let found = try PricingFileLocator.locate(
            environment: [:], executable: exe, currentDirectory: cwd, fileExists: { _ in true }, shipped: shipped)
        #expect(found.path == "/opt/pkg/.build/debug/data/pricing.json", "a data/ folder wins over the shipped copy")
        let fallback = try PricingFileLocator.locate(
            environment: [:], executable: exe, currentDirectory: cwd, fileExists: { $0 == shipped.path },
            shipped: shipped)
        #expect(fallback == shipped)
    }

    @Test("the shipped files are found outside the repository and are the repository's data/ files")
    func shippedFromAnywhere() throws {
        let elsewhere = try TestData.temporaryDirectory()
        let found = try PricingFileLocator.locate(
            environment: [:], executable: elsewhere.appendingPathComponent("bin/app"), currentDirectory: elsewhere)
        #expect(found == ShippedData.pricing)
        let table = try PricingTable.load(contentsOf: found)
        #expect(table.resolve("claude-haiku-4-5") != nil)
        #expect(try Data(contentsOf: found) == Data(contentsOf: TestData.pricingURL))
        let routing = try #require(ShippedData.routing)
        #expect(routing.deletingLastPathComponent() == found.deletingLastPathComponent())
    }

    @Test("the file format is told apart by shape")
    func detection() throws {
        #expect(PricingTable.detectFormat(LiteLLMFixture.data) == .litellm)
        #expect(PricingTable.detectFormat(try Data(contentsOf: TestData.pricingURL)) == .llmcache)
        let url = try TestData.temporaryDirectory().appendingPathComponent("litellm.json")
        try LiteLLMFixture.data.write(to: url)
        let table = try PricingTable.load(contentsOf: url, format: nil)
        #expect(table.resolve("gpt-4.1-mini")?.asOf == UTCDay(Date()).description)
    }
}
