import Foundation

/// The data files shipped with LLMCache as resources of this module: `pricing.json` (the price table) and
/// `routing.json` (the router's tiers), the same files as the repository's `data/`.
///
/// SwiftPM copies them into a resource bundle beside the executable that links LLMCache (its
/// `…_CostControl.resources` folder), so they are found from any package and any working directory. This
/// looks for that folder without trapping when it is missing (a binary copied without its bundle).
public enum ShippedData {
    /// The shipped price table, when its bundle is beside the executable.
    public static let pricing: URL? = file(named: "pricing.json")
    /// The shipped router tiers, when its bundle is beside the executable.
    public static let routing: URL? = file(named: "routing.json")

    /// The shipped file called `name`, if any.
    private static func file(named name: String) -> URL? {
        let fileManager = FileManager.default
        for folder in searchFolders() {
            guard let items = try? fileManager.contentsOfDirectory(atPath: folder.path) else { continue }
            for item in items.sorted()
            where item.hasSuffix("_CostControl.resources") || item.hasSuffix("_CostControl.bundle") {
                let bundle = folder.appendingPathComponent(item)
                for candidate in [
                    bundle.appendingPathComponent(name), bundle.appendingPathComponent("Contents/Resources/\(name)"),
                ]
                where fileManager.fileExists(atPath: candidate.path) {
                    return candidate
                }
            }
        }
        return nil
    }

    /// Where SwiftPM puts resource bundles: beside the main bundle or executable (and, for a test runner,
    /// beside the test bundle's folder).
    private static func searchFolders() -> [URL] {
        var folders = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            folders.append(executable.deletingLastPathComponent())
        }
        folders += folders.map { $0.deletingLastPathComponent() }
        return folders
    }
}
