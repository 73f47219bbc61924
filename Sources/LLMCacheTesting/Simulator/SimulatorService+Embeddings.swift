import Embeddings
import Foundation
import Hummingbird
import LLMCore
import WireFormats

extension SimulatorService {
    /// `POST /v1/embeddings`: deterministic vectors from ``Embeddings/LexicalEmbedder``, as floats or, when
    /// `encoding_format` is `base64` (the OpenAI SDK's default), as little-endian float32 bytes.
    func embeddings(_ body: JSONValue, call: Call) throws -> Response {
        let model = body["model"]?.stringValue ?? ""
        guard !model.isEmpty else { throw InvalidRequest(message: "you must provide a model parameter") }
        let inputs: [String]
        switch body["input"] {
        case .string(let text)?: inputs = [text]
        case .array(let values)?:
            if values.allSatisfy({ $0.stringValue != nil }) {
                inputs = values.compactMap(\.stringValue)
            } else if values.allSatisfy({ $0.intValue != nil }) {
                inputs = [ServerSentEventText.json(.array(values))]
            } else {
                inputs = values.map { $0.stringValue ?? ServerSentEventText.json($0) }
            }
        default:
            throw InvalidRequest(message: "'input' must be a string or a list")
        }
        guard !inputs.isEmpty else { throw InvalidRequest(message: "'input' must not be empty") }
        let dimension = body["dimensions"]?.intValue ?? configuration.embeddingDimension
        guard dimension >= 16 else { throw InvalidRequest(message: "'dimensions' must be at least 16") }
        let embedder = LexicalEmbedder(dimension: dimension)
        let base64 = body["encoding_format"]?.stringValue == "base64"
        var data: [JSONValue] = []
        var tokens = 0
        for (index, text) in inputs.enumerated() {
            let vector = embedder.vector(for: text)
            tokens += SimulatedTokenizer.openAI.tokens(text)
            let encoded: JSONValue
            if base64 {
                var bytes: [UInt8] = []
                bytes.reserveCapacity(vector.count * 4)
                for value in vector {
                    let bits = value.bitPattern.littleEndian
                    withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
                }
                encoded = .string(Data(bytes).base64EncodedString())
            } else {
                encoded = .array(vector.map { .double(Double($0)) })
            }
            data.append(["object": "embedding", "index": .int(Int64(index)), "embedding": encoded])
        }
        let usage: JSONValue = ["prompt_tokens": .int(Int64(tokens)), "total_tokens": .int(Int64(tokens))]
        record(
            call, responseID: "embedding-\(call.sequence)", model: model, stream: false,
            usage: Usage(inputTokens: tokens), wireUsage: usage)
        return try jsonAnswer(
            ["object": "list", "data": .array(data), "model": .string(model), "usage": usage], call: call)
    }
}
