import Foundation

@testable import Embeddings

/// One tensor of a hand-made safetensors file.
struct FakeTensor {
    var name: String
    var dtype: String
    var shape: [Int]
    var bytes: [UInt8]

    /// A float tensor with deterministic pseudo-random values in [-scale, scale], plus `offset`.
    static func floats(_ name: String, shape: [Int], seed: UInt64, scale: Float = 0.5, offset: Float = 0) -> FakeTensor
    {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        let count = shape.reduce(1, *)
        var values: [Float] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let unit = Float(state >> 40) / Float(1 << 24)
            values.append(offset + scale * (2 * unit - 1))
        }
        return FakeTensor(name: name, dtype: "F32", shape: shape, bytes: values.withUnsafeBytes { Array($0) })
    }

    /// The values as floats (for `F32` tensors).
    var floatValues: [Float] {
        bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }
}

/// Writes small BERT models (config.json, vocab.txt, model.safetensors) for loader tests.
enum TinyModelFiles {
    static let configuration = BertConfiguration(
        hiddenSize: 8, layerCount: 2, attentionHeadCount: 2, intermediateSize: 16, vocabularySize: 16,
        maximumPositionCount: 12)

    static let vocabulary = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "cache", "hit", "miss", "##es", "a", "b", "c", "!", "?", "d", "e",
    ]

    /// Every tensor the encoder reads, with pseudo-random values, in file order.
    static func tensors(_ configuration: BertConfiguration = configuration) -> [FakeTensor] {
        let hidden = configuration.hiddenSize
        let inner = configuration.intermediateSize
        var tensors: [FakeTensor] = []
        var seed: UInt64 = 1
        func add(_ name: String, _ shape: [Int], scale: Float = 0.5, offset: Float = 0) {
            tensors.append(.floats(name, shape: shape, seed: seed, scale: scale, offset: offset))
            seed += 1
        }
        add("embeddings.word_embeddings.weight", [configuration.vocabularySize, hidden])
        add("embeddings.position_embeddings.weight", [configuration.maximumPositionCount, hidden])
        add("embeddings.token_type_embeddings.weight", [configuration.tokenTypeCount, hidden])
        add("embeddings.LayerNorm.weight", [hidden], scale: 0.1, offset: 1)
        add("embeddings.LayerNorm.bias", [hidden], scale: 0.1)
        for layer in 0..<configuration.layerCount {
            let prefix = "encoder.layer.\(layer)"
            for part in [
                "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
            ] {
                add("\(prefix).\(part).weight", [hidden, hidden])
                add("\(prefix).\(part).bias", [hidden], scale: 0.1)
            }
            add("\(prefix).attention.output.LayerNorm.weight", [hidden], scale: 0.1, offset: 1)
            add("\(prefix).attention.output.LayerNorm.bias", [hidden], scale: 0.1)
            add("\(prefix).intermediate.dense.weight", [inner, hidden])
            add("\(prefix).intermediate.dense.bias", [inner], scale: 0.1)
            add("\(prefix).output.dense.weight", [hidden, inner])
            add("\(prefix).output.dense.bias", [hidden], scale: 0.1)
            add("\(prefix).output.LayerNorm.weight", [hidden], scale: 0.1, offset: 1)
            add("\(prefix).output.LayerNorm.bias", [hidden], scale: 0.1)
        }
        return tensors
    }

    /// A safetensors file: header length, JSON header padded to 8 bytes, tensor data.
    static func safetensorsBytes(_ tensors: [FakeTensor], metadata: [String: String] = ["format": "pt"]) -> [UInt8] {
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        var data: [UInt8] = []
        for tensor in tensors {
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            let end = offset + tensor.bytes.count
            entries.append(
                "\"\(tensor.name)\":{\"dtype\":\"\(tensor.dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}"
            )
            data += tensor.bytes
            offset = end
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 {
            header.append(0x20)
        }
        var length = UInt64(header.count).littleEndian
        let prefix = withUnsafeBytes(of: &length) { Array($0) }
        return prefix + header + data
    }

    /// Writes the three model files into `directory`.
    static func write(
        to directory: URL, configuration: BertConfiguration = configuration, tensors: [FakeTensor]? = nil,
        weightsBytes: [UInt8]? = nil
    ) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(configuration).write(to: directory.appendingPathComponent("config.json"))
        try (vocabulary.joined(separator: "\n") + "\n").write(
            to: directory.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        let bytes = weightsBytes ?? safetensorsBytes(tensors ?? self.tensors(configuration))
        try Data(bytes).write(to: directory.appendingPathComponent("model.safetensors"))
    }
}
