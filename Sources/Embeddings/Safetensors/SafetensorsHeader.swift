/// The JSON header of a safetensors file, as decoded before any check.
struct SafetensorsHeader: Decodable {
    /// One tensor's raw header entry.
    struct Entry: Decodable {
        var dtype: String
        var shape: [Int]
        var dataOffsets: [Int]

        enum CodingKeys: String, CodingKey {
            case dtype
            case shape
            case dataOffsets = "data_offsets"
        }

        /// Checks the entry on its own: offsets ordered, dimensions non-negative, byte count equal
        /// to the element count times the element size.
        func validated(name: String, path: String) throws -> SafetensorsTensorInfo {
            func invalid(_ reason: String) -> SafetensorsError {
                .invalidTensorData(path: path, tensor: name, reason: reason)
            }
            guard dataOffsets.count == 2 else {
                throw invalid("data_offsets must hold two numbers, not \(dataOffsets.count)")
            }
            let begin = dataOffsets[0]
            let end = dataOffsets[1]
            guard begin >= 0, begin <= end else {
                throw invalid("data_offsets [\(begin), \(end)] are not an ascending range")
            }
            guard shape.allSatisfy({ $0 >= 0 }) else {
                throw invalid("shape \(shape) has a negative dimension")
            }
            let type = SafetensorsDType(headerName: dtype)
            if let elementSize = type.byteSize {
                var bytes = elementSize
                for dimension in shape {
                    let (product, overflow) = bytes.multipliedReportingOverflow(by: dimension)
                    guard !overflow else { throw invalid("shape \(shape) is too large") }
                    bytes = product
                }
                guard bytes == end - begin else {
                    throw invalid("\(dtype) \(shape) needs \(bytes) bytes but data_offsets span \(end - begin)")
                }
            }
            return SafetensorsTensorInfo(name: name, dtype: type, shape: shape, dataOffsets: begin..<end)
        }
    }

    var tensors: [String: Entry] = [:]
    var metadata: [String: String] = [:]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys {
            if key.stringValue == "__metadata__" {
                metadata = try container.decode([String: String].self, forKey: key)
            } else {
                tensors[key.stringValue] = try container.decode(Entry.self, forKey: key)
            }
        }
    }
}
