import Foundation
import LLMCacheTesting
import Testing

/// An invariant an input broke (not a crash, not an error of the wrong type).
struct FuzzViolation: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// The fuzz loop: every corpus entry of a target, then a fixed number of generated inputs.
enum Fuzz {
    /// The most failures reported per target; the rest are counted.
    static let reportedFailures = 5

    /// Runs `check` on each entry of `Corpus/<target>/` and on `iterations` inputs from `generate`
    /// (overridable with `LLMCACHE_FUZZ_ITERATIONS`). `check` throws only for a failure: a
    /// ``FuzzViolation`` or an error of a type the target must not throw; it catches the typed errors the
    /// target may throw itself. Each failure is recorded with the seed, the iteration and the input, and
    /// the input is saved under the temporary directory for the corpus.
    static func run(
        _ target: String, iterations ciIterations: Int,
        generate: (inout SplitMix64, [CorpusEntry]) -> [UInt8],
        check: ([UInt8]) throws -> Void,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let seed = FuzzSettings.seed
        let corpus = Corpus.entries(target)
        if corpus.isEmpty {
            Issue.record("fuzz \(target): no entries in Corpus/\(target)/", sourceLocation: sourceLocation)
        }
        var failures = 0
        func attempt(_ input: [UInt8], _ label: String) {
            CrashReporter.trying("\(target), \(label)", input)
            do {
                try check(input)
            } catch {
                failures += 1
                guard failures <= reportedFailures else { return }
                let kind = error is FuzzViolation ? "\(error)" : "unexpected error \(type(of: error)): \(error)"
                let saved = save(input, target: target, label: failures)
                Issue.record(
                    """
                    fuzz \(target), \(label): \(kind)
                    input (\(input.count) bytes, escaped as in a .txt corpus file): \(FuzzInput.escape(input))
                    saved as \(saved); copy it to Tests/FuzzTests/Corpus/\(target)/ to keep it
                    """, sourceLocation: sourceLocation)
            }
        }
        for entry in corpus { attempt(entry.bytes, "corpus entry \(entry.name)") }
        let count = FuzzSettings.iterations(ciIterations)
        let seedText = "0x" + String(seed, radix: 16)
        for iteration in 0..<count {
            var random = SplitMix64(
                seed: FuzzSettings.iterationSeed(target: target, seed: seed, iteration: iteration))
            let input = generate(&random, corpus)
            attempt(input, "LLMCACHE_FUZZ_SEED=\(seedText) iteration \(iteration)")
        }
        CrashReporter.clear()
        if failures > reportedFailures {
            Issue.record(
                "fuzz \(target): \(failures) failing inputs in all, the first \(reportedFailures) reported",
                sourceLocation: sourceLocation)
        }
    }

    private static func save(_ input: [UInt8], target: String, label: Int) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-fuzz", isDirectory: true)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("\(target)-\(FuzzSettings.seed)-\(label).bin")
        do {
            try Data(input).write(to: file)
            return file.path
        } catch {
            return "(not saved: \(error))"
        }
    }
}
