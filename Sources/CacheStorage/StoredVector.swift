import Foundation

/// An entry's embedding as the store keeps it: the scope it may be served in, the prompt text that was
/// embedded, and the vector as little-endian float32 bytes.
public struct StoredVector: Sendable, Hashable {
    /// The semantic scope (namespace and context fingerprint).
    public var scope: String
    /// The embedded text (the last user turn).
    public var prompt: String
    /// The vector, float32 little-endian.
    public var bytes: Data

    public init(scope: String, prompt: String, bytes: Data) {
        self.scope = scope
        self.prompt = prompt
        self.bytes = bytes
    }

    /// Encodes `vector` as float32 little-endian bytes.
    public init(scope: String, prompt: String, vector: [Float]) {
        var data = Data(capacity: vector.count * 4)
        for value in vector {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        self.init(scope: scope, prompt: prompt, bytes: data)
    }

    /// The vector's components.
    public var vector: [Float] {
        let count = bytes.count / 4
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { index in
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
            }
        }
    }
}

/// A vector read back for loading an index.
public struct VectorRow: Sendable, Hashable {
    /// The entry's id.
    public var id: Int64
    /// The entry's semantic scope.
    public var scope: String
    /// The vector's components.
    public var vector: [Float]

    /// The vector of entry `id` in `scope`.
    public init(id: Int64, scope: String, vector: [Float]) {
        self.id = id
        self.scope = scope
        self.vector = vector
    }
}

/// A vector removed from the store (by purge, eviction or expiry), so an in-memory index can follow.
public struct RemovedVector: Sendable, Hashable {
    /// The entry's id.
    public var id: Int64
    /// The entry's semantic scope.
    public var scope: String

    /// Entry `id`'s vector, removed from `scope`.
    public init(id: Int64, scope: String) {
        self.id = id
        self.scope = scope
    }
}

/// Which embedder wrote a store's vectors.
public struct EmbeddingSignature: Sendable, Hashable, CustomStringConvertible {
    /// The embedder's model identifier.
    public var model: String
    /// Components per vector.
    public var dimension: Int

    public init(model: String, dimension: Int) {
        self.model = model
        self.dimension = dimension
    }

    public var description: String { "\(model) (\(dimension)-d)" }
}
