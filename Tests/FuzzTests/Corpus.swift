import Foundation

/// One corpus input: its file (and line, for line-per-input files) and its bytes.
struct CorpusEntry: Sendable {
    let name: String
    let bytes: [UInt8]
}

/// The seed inputs in `Corpus/<target>/`, shipped as a test resource.
///
/// A `.txt` file is read with `\xHH` escapes (see ``FuzzInput``); a file in a folder listed in
/// ``linesPerInput`` holds one input per line; any other file is one input, byte for byte.
enum Corpus {
    static let linesPerInput: Set<String> = ["durations", "amounts", "retry-after"]

    static func entries(_ target: String) -> [CorpusEntry] {
        guard let root = Bundle.module.url(forResource: "Corpus", withExtension: nil) else { return [] }
        let folder = root.appendingPathComponent(target, isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var entries: [CorpusEntry] = []
        for name in names.sorted() {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
                continue
            }
            let bytes = [UInt8](data)
            let escaped = name.hasSuffix(".txt")
            if linesPerInput.contains(target) {
                // Split before unescaping, so that an escaped `\x0a` stays inside its line.
                for (number, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                    .enumerated() where !line.isEmpty
                {
                    entries.append(
                        CorpusEntry(
                            name: "\(target)/\(name):\(number + 1)",
                            bytes: escaped ? FuzzInput.unescape(Array(line)) : Array(line)))
                }
            } else {
                entries.append(
                    CorpusEntry(name: "\(target)/\(name)", bytes: escaped ? FuzzInput.unescape(bytes) : bytes))
            }
        }
        return entries
    }
}
