import Benchmark
import Embeddings

let benchmarks: @Sendable () -> Void = {}
