/// Why a safetensors file could not be read, or does not hold the tensors a model expects.
public enum SafetensorsError: Error, Equatable, Sendable {
    /// The file could not be opened or mapped.
    case cannotOpen(path: String, reason: String)
    /// The file is shorter than its header says it must be.
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// The header is not valid safetensors JSON.
    case invalidHeader(path: String, reason: String)
    /// A tensor's byte range does not fit its dtype and shape, or overlaps another tensor.
    case invalidTensorData(path: String, tensor: String, reason: String)
    /// A tensor the model needs is absent.
    case missingTensor(path: String, tensor: String)
    /// A tensor has another element type than the model needs.
    case dtypeMismatch(path: String, tensor: String, expected: String, actual: String)
    /// A tensor has another shape than the model's configuration implies.
    case shapeMismatch(path: String, tensor: String, expected: [Int], actual: [Int])
    /// A tensor's data does not start on a boundary suitable for its element type.
    case misaligned(path: String, tensor: String)
}

extension SafetensorsError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open weights file \(path): \(reason)"
        case .truncated(let path, let expected, let actual):
            return "weights file \(path) is truncated: it needs at least \(expected) bytes but has \(actual)"
        case .invalidHeader(let path, let reason):
            return "weights file \(path) has an invalid safetensors header: \(reason)"
        case .invalidTensorData(let path, let tensor, let reason):
            return "weights file \(path): tensor \(tensor): \(reason)"
        case .missingTensor(let path, let tensor):
            return "weights file \(path) has no tensor \(tensor)"
        case .dtypeMismatch(let path, let tensor, let expected, let actual):
            return "weights file \(path): tensor \(tensor) has dtype \(actual), expected \(expected)"
        case .shapeMismatch(let path, let tensor, let expected, let actual):
            return "weights file \(path): tensor \(tensor) has shape \(actual), expected \(expected)"
        case .misaligned(let path, let tensor):
            return "weights file \(path): tensor \(tensor) is not aligned to its element size"
        }
    }
}
