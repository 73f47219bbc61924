/// The JSON form of a `cachectl bench cost` run.
struct CostBenchReport: Encodable {
    var workload: String
    var embedder: String
    var threshold: Float
    var results: [CostBenchResult]
}
