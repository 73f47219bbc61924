import CBLAS

/// Vector operations shared by the embedders and their callers.
public enum VectorMath {
    /// The cosine of the angle between two vectors of the same length.
    ///
    /// For unit-length vectors (what every `Embedder` returns) this is their dot product.
    /// Returns 0 when either vector is zero or the lengths differ.
    public static func cosineSimilarity(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        let count = Int32(a.count)
        let (dot, normA, normB) = a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                (
                    cblas_sdot(count, pa.baseAddress, 1, pb.baseAddress, 1),
                    cblas_snrm2(count, pa.baseAddress, 1),
                    cblas_snrm2(count, pb.baseAddress, 1)
                )
            }
        }
        guard normA > 0, normB > 0 else { return 0 }
        return dot / (normA * normB)
    }

    /// Scales a vector in place to unit Euclidean length; a zero vector is left as it is.
    public static func normalize(_ vector: inout [Float]) {
        let count = Int32(vector.count)
        vector.withUnsafeMutableBufferPointer { buffer in
            let norm = cblas_snrm2(count, buffer.baseAddress, 1)
            if norm > 0 {
                cblas_sscal(count, 1 / norm, buffer.baseAddress, 1)
            }
        }
    }
}
