import Benchmark
import Embeddings
import Foundation
import LLMCore

// all-MiniLM-L6-v2 figures: latency of one ~12-token question, throughput of batches of 32, and the
// resident memory a loaded model adds to the process. Needs the model (bash scripts/fetch-model.sh).
// Run from Benchmarks/: swift package --disable-sandbox benchmark --target EmbeddingThroughput
//
// Targets: batch 32 ≥ 400 sentences/s; batch 1 p50 ≤ 5 ms; model ≤ 120 MB above the baseline.
// CPU time is recorded beside wall-clock time: on a shared machine it shows the cost of the work
// itself, while wall-clock time also counts the waits for a core.

/// Questions of 9 to 13 token ids each (11 on average), counting [CLS] and [SEP].
let questions = [
    "How do I learn Python programming quickly?",
    "What is the best way to learn Python fast?",
    "How can I improve my English speaking skills?",
    "Why is the sky blue during the day?",
    "What are the health benefits of green tea?",
    "How do I reset my forgotten email password?",
    "Which programming language should I learn first?",
    "What is the difference between a virus and bacteria?",
    "How can I lose weight without going to the gym?",
    "What is the capital city of Australia?",
    "How do airplanes stay in the air?",
    "What are some good books to read this year?",
    "How do I start investing with little money?",
    "Why do cats sleep so much during the day?",
    "What is machine learning in simple words?",
    "How can I become a better public speaker?",
    "What causes earthquakes and how are they measured?",
    "How do I make my phone battery last longer?",
    "What should I cook for dinner tonight?",
    "How does the stock market actually work?",
    "What is the meaning of life according to philosophers?",
    "How can I stop procrastinating at work?",
    "Which countries are best to visit in Europe?",
    "How do vaccines train the immune system?",
    "What is the fastest animal on the planet?",
    "How do I write a good cover letter?",
    "Why is exercise important for mental health?",
    "What is the difference between weather and climate?",
    "How can I learn to play the guitar?",
    "What are black holes made of?",
    "How do I prepare for a job interview?",
    "Is it safe to drink tap water in Paris?",
]

/// Resident set size of this process in bytes, from /proc/self/statm.
func residentBytes() -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = statm.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Loads the model and sets OpenBLAS to `threads` threads for the benchmarks that follow.
/// `concurrentBatches: nil` keeps the embedder's default (one batch per core).
func loadEmbedder(blasThreads: Int, concurrentBatches: Int? = nil) throws -> MiniLMEmbedder {
    var options = MiniLMEmbedder.Options(blasThreadCount: blasThreads)
    if let concurrentBatches {
        options.concurrentBatches = concurrentBatches
    }
    return try MiniLMEmbedder(options: options)
}

let benchmarks: @Sendable () -> Void = {
    let latency = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .throughput, .peakMemoryResident], timeUnits: .microseconds,
        warmupIterations: 10,
        maxDuration: .seconds(5), maxIterations: 2_000)
    let sentencesPerSecond = BenchmarkMetric.custom("sentences/s", polarity: .prefersLarger, useScalingFactor: false)
    let throughput = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, sentencesPerSecond, .peakMemoryResident], timeUnits: .milliseconds,
        warmupIterations: 2, maxDuration: .seconds(8), maxIterations: 200)

    // The shipped setting (one OpenBLAS thread, a call's batches run concurrently), then the
    // alternative it was chosen over (two OpenBLAS threads, one batch at a time).
    let settings: [(suffix: String, threads: Int, concurrentBatches: Int?)] = [
        ("", 1, nil), (" (2 BLAS threads, batches in turn)", 2, 1),
    ]
    for (suffix, threads, concurrentBatches) in settings {

        Benchmark("MiniLM batch 1\(suffix)", configuration: latency) { benchmark, embedder in
            for iteration in benchmark.scaledIterations {
                let question = questions[(benchmark.currentIteration + iteration) % questions.count]
                blackHole(try? await embedder.embed(question))
            }
        } setup: {
            try loadEmbedder(blasThreads: threads, concurrentBatches: concurrentBatches)
        }

        Benchmark("MiniLM batch 32\(suffix)", configuration: throughput) { benchmark, embedder in
            let start = ContinuousClock.now
            blackHole(try? await embedder.embed(questions))
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            benchmark.measurement(sentencesPerSecond, Int((Double(questions.count) / seconds).rounded()))
        } setup: {
            try loadEmbedder(blasThreads: threads, concurrentBatches: concurrentBatches)
        }
    }

    let modelMegabytes = BenchmarkMetric.custom("model RSS (MB)", polarity: .prefersSmaller, useScalingFactor: false)
    Benchmark(
        "MiniLM model resident memory",
        configuration: .init(
            metrics: [modelMegabytes], warmupIterations: 0, maxDuration: .seconds(30), maxIterations: 5)
    ) { benchmark in
        // Baseline: the process before this model is mapped. After loading, one batch touches every
        // layer's weights and the rows of the word-embedding table the questions use.
        let baseline = residentBytes()
        let embedder = try loadEmbedder(blasThreads: 1)
        blackHole(try await embedder.embed(questions))
        let loaded = residentBytes()
        benchmark.measurement(modelMegabytes, (loaded - baseline + (1 << 19)) >> 20)
        blackHole(embedder)
    }
}
