import Benchmark
import LLMCache

let benchmarks: @Sendable () -> Void = {}
