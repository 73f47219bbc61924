import Foundation
import Testing

@testable import Embeddings

@Suite("safetensors reader")
struct SafetensorsTests {
    private func writeFile(_ bytes: [UInt8], in directory: URL) throws -> String {
        let url = directory.appendingPathComponent("weights.safetensors")
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test("tensors are read in place with their values, dtypes and shapes")
    func readsTensors() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let matrix = FakeTensor.floats("m", shape: [3, 4], seed: 7)
            let positions = FakeTensor(name: "ids", dtype: "I64", shape: [2], bytes: [UInt8](repeating: 0, count: 16))
            let path = try writeFile(TinyModelFiles.safetensorsBytes([positions, matrix]), in: directory)
            let file = try SafetensorsFile(path: path)
            #expect(file.metadata == ["format": "pt"])
            #expect(file.tensors["ids"]?.dtype == .int64)
            #expect(file.tensors["m"]?.shape == [3, 4])
            let values = try file.floatTensor("m", shape: [3, 4])
            #expect(Array(values) == matrix.floatValues)
        }
    }

    @Test("a truncated file is refused with a clear error")
    func truncatedFile() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let bytes = TinyModelFiles.safetensorsBytes([FakeTensor.floats("m", shape: [16, 16], seed: 1)])
            let path = try writeFile(Array(bytes.dropLast(100)), in: directory)
            let error = try #require(throws: SafetensorsError.self) { try SafetensorsFile(path: path) }
            guard case .truncated(_, let expected, let actual) = error else {
                Issue.record("expected .truncated, got \(error)")
                return
            }
            #expect(expected == bytes.count)
            #expect(actual == bytes.count - 100)
            #expect(error.description.contains("truncated"))

            let headerCut = try writeFile(Array(bytes.prefix(20)), in: directory)
            #expect(throws: SafetensorsError.self) { try SafetensorsFile(path: headerCut) }
            let tiny = try writeFile([1, 2, 3], in: directory)
            #expect(throws: SafetensorsError.self) { try SafetensorsFile(path: tiny) }
        }
    }

    @Test("malformed headers are refused")
    func malformedHeaders() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            var garbage = Array("{not json}      ".utf8)
            var length = UInt64(garbage.count).littleEndian
            garbage = withUnsafeBytes(of: &length) { Array($0) } + garbage
            let path = try writeFile(garbage, in: directory)
            let error = try #require(throws: SafetensorsError.self) { try SafetensorsFile(path: path) }
            guard case .invalidHeader = error else {
                Issue.record("expected .invalidHeader, got \(error)")
                return
            }

            // Byte range shorter than the shape needs.
            var short = FakeTensor.floats("m", shape: [4], seed: 1)
            short.shape = [5]
            let mismatch = try writeFile(TinyModelFiles.safetensorsBytes([short]), in: directory)
            #expect(throws: SafetensorsError.self) { try SafetensorsFile(path: mismatch) }
        }
    }

    @Test("overlapping tensors are refused")
    func overlappingTensors() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let json =
                #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
            var header = Array(json.utf8)
            while header.count % 8 != 0 { header.append(0x20) }
            var length = UInt64(header.count).littleEndian
            let bytes = withUnsafeBytes(of: &length) { Array($0) } + header + [UInt8](repeating: 0, count: 12)
            let path = try writeFile(bytes, in: directory)
            let error = try #require(throws: SafetensorsError.self) { try SafetensorsFile(path: path) }
            guard case .invalidTensorData = error else {
                Issue.record("expected .invalidTensorData, got \(error)")
                return
            }
        }
    }

    @Test("asking for the wrong dtype or shape throws")
    func dtypeAndShapeChecks() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let half = FakeTensor(name: "h", dtype: "F16", shape: [4], bytes: [UInt8](repeating: 0, count: 8))
            let path = try writeFile(
                TinyModelFiles.safetensorsBytes([half, FakeTensor.floats("m", shape: [2, 3], seed: 2)]), in: directory)
            let file = try SafetensorsFile(path: path)
            #expect(throws: SafetensorsError.dtypeMismatch(path: path, tensor: "h", expected: "F32", actual: "F16")) {
                try file.floatTensor("h", shape: [4])
            }
            #expect(throws: SafetensorsError.shapeMismatch(path: path, tensor: "m", expected: [3, 2], actual: [2, 3])) {
                try file.floatTensor("m", shape: [3, 2])
            }
            #expect(throws: SafetensorsError.missingTensor(path: path, tensor: "absent")) {
                try file.floatTensor("absent", shape: [1])
            }
        }
    }
}
