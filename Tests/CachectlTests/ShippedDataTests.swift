import Foundation
import Testing

@Suite("Shipped data: found beside the binary, from any folder")
struct ShippedDataTests {
    /// Copies the built `cachectl` and its resource bundles into `folder/bin`, as an installation would.
    static func install(into folder: URL, bundles: Bool) throws -> URL {
        let built = Cachectl.executable.deletingLastPathComponent()
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let binary = bin.appendingPathComponent("cachectl")
        try FileManager.default.copyItem(at: Cachectl.executable, to: binary)
        if bundles {
            for item in try FileManager.default.contentsOfDirectory(atPath: built.path)
            where item.hasSuffix(".resources") {
                try FileManager.default.copyItem(
                    at: built.appendingPathComponent(item), to: bin.appendingPathComponent(item))
            }
        }
        return binary
    }

    /// Runs `binary` in `folder` without `LLMCACHE_PRICING`.
    static func run(_ binary: URL, _ arguments: [String], in folder: URL) async throws -> Cachectl.Result {
        try await Cachectl.offPool {
            try Cachectl.runBlocking(binary, arguments, environment: [:], unset: ["LLMCACHE_PRICING"], in: folder)
        }
    }

    @Test("an installed binary outside the repository prices from the price table shipped beside it")
    func installedBinaryFindsPricing() async throws {
        let scratch = try Scratch()
        let binary = try Self.install(into: scratch.directory, bundles: true)
        let run = try await Self.run(binary, ["pricing"], in: scratch.directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(scratch.directory.appendingPathComponent("bin").path))
        #expect(run.stdout.contains("_CostControl.resources/pricing.json"))
        #expect(run.stdout.contains("claude-haiku-4-5"))
    }

    @Test("without its resource bundle, the binary says where it looked and how to give a file")
    func missingBundle() async throws {
        let scratch = try Scratch()
        let binary = try Self.install(into: scratch.directory, bundles: false)
        let run = try await Self.run(binary, ["pricing"], in: scratch.directory)
        #expect(run.status != 0)
        #expect(run.stderr.contains("LLMCACHE_PRICING"))
        #expect(run.stderr.contains(scratch.directory.appendingPathComponent("bin/data/pricing.json").path))
    }
}
