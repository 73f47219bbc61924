import Foundation

/// Paths of the package under test and of the shared folder beside it.
enum PackagePaths {
    /// The package root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The shipped demo dataset.
    static let demoDataset = root.appendingPathComponent("data/demo-pairs.jsonl").path

    /// The QQP development split in `../shared`, present on development machines and CI.
    static let qqpDev = root.deletingLastPathComponent().appendingPathComponent("shared/datasets/qqp/dev.jsonl").path

    static var hasQQP: Bool { FileManager.default.fileExists(atPath: qqpDev) }
}
