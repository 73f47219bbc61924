/// The semantic layer's view of one request.
struct SemanticProbe: Sendable {
    var scope: String
    var text: String
    var vector: [Float]
}
