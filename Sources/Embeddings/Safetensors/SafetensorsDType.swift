/// The element type of a tensor in a safetensors file, as spelled in its header.
public enum SafetensorsDType: Equatable, Sendable {
    case bool
    case uint8
    case int8
    case int16
    case uint16
    case int32
    case uint32
    case int64
    case uint64
    case float16
    case bfloat16
    case float32
    case float64
    /// A type this reader does not know; its size cannot be checked.
    case other(String)

    /// Parses the header spelling, such as `F32`.
    public init(headerName: String) {
        switch headerName {
        case "BOOL": self = .bool
        case "U8": self = .uint8
        case "I8": self = .int8
        case "I16": self = .int16
        case "U16": self = .uint16
        case "I32": self = .int32
        case "U32": self = .uint32
        case "I64": self = .int64
        case "U64": self = .uint64
        case "F16": self = .float16
        case "BF16": self = .bfloat16
        case "F32": self = .float32
        case "F64": self = .float64
        default: self = .other(headerName)
        }
    }

    /// The header spelling, such as `F32`.
    public var headerName: String {
        switch self {
        case .bool: return "BOOL"
        case .uint8: return "U8"
        case .int8: return "I8"
        case .int16: return "I16"
        case .uint16: return "U16"
        case .int32: return "I32"
        case .uint32: return "U32"
        case .int64: return "I64"
        case .uint64: return "U64"
        case .float16: return "F16"
        case .bfloat16: return "BF16"
        case .float32: return "F32"
        case .float64: return "F64"
        case .other(let name): return name
        }
    }

    /// Bytes per element, or `nil` for a type this reader does not know.
    public var byteSize: Int? {
        switch self {
        case .bool, .uint8, .int8: return 1
        case .int16, .uint16, .float16, .bfloat16: return 2
        case .int32, .uint32, .float32: return 4
        case .int64, .uint64, .float64: return 8
        case .other: return nil
        }
    }
}
