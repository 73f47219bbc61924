import ArgumentParser
import CostControl
import Foundation

/// Finds a file shipped in the package's `data/` folder, where the pricing file is looked for (see
/// `PricingFileLocator`), ignoring `LLMCACHE_PRICING`.
enum ShippedDataFile {
    /// The path of `data/<name>`; the error names `option` as the way to give another file.
    static func locate(_ name: String, option: String) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment[PricingFileLocator.environmentVariable] = nil
        func sibling(_ pricingPath: String) -> String {
            URL(fileURLWithPath: pricingPath).deletingLastPathComponent().appendingPathComponent(name).path
        }
        do {
            let found = try PricingFileLocator.locate(
                environment: environment, fileExists: { FileManager.default.fileExists(atPath: sibling($0)) })
            return sibling(found.path)
        } catch let error as PricingFileLocator.NotFoundError {
            throw ValidationError(
                "no \(name) found; pass \(option) FILE. Looked in:\n"
                    + error.searched.map { "  \(sibling($0))" }.joined(separator: "\n"))
        }
    }
}
