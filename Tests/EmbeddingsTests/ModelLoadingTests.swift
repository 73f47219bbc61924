import Foundation
import Testing

@testable import Embeddings

@Suite("loading a BERT model from its directory")
struct ModelLoadingTests {
    @Test("a small well-formed model loads and gives unit vectors, batched or not")
    func tinyModel() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            try TinyModelFiles.write(to: directory)
            let embedder = try MiniLMEmbedder(modelDirectory: directory.path, options: .init(blasThreadCount: nil))
            #expect(embedder.dimension == 8)
            let texts = ["the cache hit", "misses", "", "a b c d e ! ?", "the"]
            let batched = try await embedder.embed(texts)
            for (text, vector) in zip(texts, batched) {
                #expect(vector.count == 8)
                #expect(vector.allSatisfy { $0.isFinite })
                #expect(abs(TestSupport.norm(vector) - 1) < 1e-5)
                let single = try await embedder.embed(text)
                #expect(TestSupport.maximumDifference(single, vector) < 1e-5, "\(text)")
            }
            #expect(embedder.tokenIDs(for: "misses!") == [2, 7, 8, 12, 3])
            // Positions run out at 12: the tokenizer cuts sequences to the position table.
            #expect(embedder.tokenIDs(for: String(repeating: "a ", count: 50)).count == 12)
        }
    }

    @Test("a truncated weights file is a clear error")
    func truncatedWeights() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let bytes = TinyModelFiles.safetensorsBytes(TinyModelFiles.tensors())
            try TinyModelFiles.write(to: directory, weightsBytes: Array(bytes.dropLast(64)))
            let error = try #require(throws: SafetensorsError.self) {
                try MiniLMEmbedder(modelDirectory: directory.path)
            }
            guard case .truncated = error else {
                Issue.record("expected .truncated, got \(error)")
                return
            }
            #expect(error.description.contains("model.safetensors"))
        }
    }

    @Test("a tensor of the wrong dtype is a clear error")
    func wrongDType() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            var tensors = TinyModelFiles.tensors()
            let index = try #require(tensors.firstIndex { $0.name == "encoder.layer.1.intermediate.dense.weight" })
            tensors[index].dtype = "F16"
            tensors[index].bytes = Array(tensors[index].bytes.prefix(tensors[index].bytes.count / 2))
            try TinyModelFiles.write(to: directory, tensors: tensors)
            let error = try #require(throws: SafetensorsError.self) {
                try MiniLMEmbedder(modelDirectory: directory.path)
            }
            guard case .dtypeMismatch(_, let tensor, let expected, let actual) = error else {
                Issue.record("expected .dtypeMismatch, got \(error)")
                return
            }
            #expect(tensor == "encoder.layer.1.intermediate.dense.weight")
            #expect(expected == "F32")
            #expect(actual == "F16")
            #expect(error.description.contains("F16"))
        }
    }

    @Test("a tensor of the wrong shape is a clear error")
    func wrongShape() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            var tensors = TinyModelFiles.tensors()
            let index = try #require(tensors.firstIndex { $0.name == "encoder.layer.0.attention.self.query.weight" })
            tensors[index].shape = [4, 16]
            try TinyModelFiles.write(to: directory, tensors: tensors)
            #expect(
                throws: SafetensorsError.shapeMismatch(
                    path: directory.appendingPathComponent("model.safetensors").path,
                    tensor: "encoder.layer.0.attention.self.query.weight", expected: [8, 8], actual: [4, 16])
            ) {
                try MiniLMEmbedder(modelDirectory: directory.path)
            }
        }
    }

    @Test("a missing tensor is a clear error")
    func missingTensor() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let tensors = TinyModelFiles.tensors().filter { $0.name != "encoder.layer.1.output.LayerNorm.bias" }
            try TinyModelFiles.write(to: directory, tensors: tensors)
            let error = try #require(throws: SafetensorsError.self) {
                try MiniLMEmbedder(modelDirectory: directory.path)
            }
            #expect(error.description.contains("encoder.layer.1.output.LayerNorm.bias"))
        }
    }

    @Test("a configuration this code cannot run is refused")
    func unsupportedConfiguration() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            var configuration = TinyModelFiles.configuration
            configuration.hiddenActivation = "relu"
            try TinyModelFiles.write(to: directory, configuration: configuration)
            let error = try #require(throws: ModelLoadingError.self) {
                try MiniLMEmbedder(modelDirectory: directory.path)
            }
            #expect(error.description.contains("relu"))
        }
    }

    @Test("without the files, the error names the missing file and the command that fetches it")
    func missingFiles() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let error = try #require(throws: ModelLoadingError.self) {
                try MiniLMEmbedder(modelDirectory: directory.path)
            }
            guard case .missingFile(let path, let command) = error else {
                Issue.record("expected .missingFile, got \(error)")
                return
            }
            #expect(path == directory.appendingPathComponent("model.safetensors").path)
            #expect(command == "LLMCACHE_MODEL_DIR='\(directory.path)' bash scripts/fetch-model.sh")
            #expect(error.description.contains(path))
            #expect(error.description.contains("bash scripts/fetch-model.sh"))

            try TinyModelFiles.write(to: directory)
            try FileManager.default.removeItem(at: directory.appendingPathComponent("vocab.txt"))
            #expect(
                throws: ModelLoadingError.missingFile(
                    path: directory.appendingPathComponent("vocab.txt").path, fetchCommand: command)
            ) {
                try MiniLMEmbedder(modelDirectory: directory.path)
            }
        }
    }
}

@Suite("model directory resolution")
struct ModelDirectoryTests {
    @Test("explicit path, then LLMCACHE_MODEL_DIR, then XDG_CACHE_HOME, then HOME/.cache")
    func resolutionOrder() {
        let environment = ["LLMCACHE_MODEL_DIR": "/env/model", "XDG_CACHE_HOME": "/xdg", "HOME": "/home/u"]
        #expect(ModelDirectory.resolve(explicitPath: "/explicit", environment: environment).path == "/explicit")
        let fromEnvironment = ModelDirectory.resolve(environment: environment)
        #expect(fromEnvironment.path == "/env/model")
        #expect(fromEnvironment.fetchCommand == "bash scripts/fetch-model.sh")
        #expect(
            ModelDirectory.resolve(environment: ["XDG_CACHE_HOME": "/xdg", "HOME": "/home/u"]).path
                == "/xdg/llmcache/models/all-MiniLM-L6-v2")
        #expect(
            ModelDirectory.resolve(environment: ["XDG_CACHE_HOME": "", "HOME": "/home/u"]).path
                == "/home/u/.cache/llmcache/models/all-MiniLM-L6-v2")
        #expect(
            ModelDirectory.resolve(explicitPath: "", environment: ["LLMCACHE_MODEL_DIR": "", "HOME": "/h"]).path
                == "/h/.cache/llmcache/models/all-MiniLM-L6-v2")
    }

    @Test("an explicit path quoted for the shell in the fetch command")
    func fetchCommandQuoting() {
        #expect(
            ModelDirectory(path: "/tmp/it's here").fetchCommand
                == #"LLMCACHE_MODEL_DIR='/tmp/it'\''s here' bash scripts/fetch-model.sh"#)
    }
}

@Suite("batch planning")
struct BatchPlanTests {
    private func sequences(_ lengths: [Int]) -> [[Int32]] {
        lengths.map { [Int32](repeating: 5, count: $0) }
    }

    @Test("equal texts are split evenly across the concurrent batches")
    func evenSplit() {
        let plan = MiniLMEmbedder.plan(sequences(Array(repeating: 12, count: 32)), maximumBatchSize: 32, concurrency: 2)
        #expect(plan.map(\.count) == [16, 16])
        #expect(Set(plan.flatMap { $0 }) == Set(0..<32))
    }

    @Test("a long text is not padded against short ones; batches never exceed the maximum size")
    func longTextAlone() {
        let lengths = Array(repeating: 12, count: 31) + [256]
        let plan = MiniLMEmbedder.plan(sequences(lengths), maximumBatchSize: 32, concurrency: 1)
        #expect(plan == [Array(0..<31), [31]])
        let capped = MiniLMEmbedder.plan(
            sequences(Array(repeating: 3, count: 70)), maximumBatchSize: 32, concurrency: 1)
        #expect(capped.map(\.count) == [32, 32, 6])
        #expect(MiniLMEmbedder.plan([], maximumBatchSize: 32, concurrency: 2).isEmpty)
        #expect(MiniLMEmbedder.plan(sequences([4]), maximumBatchSize: 32, concurrency: 2) == [[0]])
    }
}
