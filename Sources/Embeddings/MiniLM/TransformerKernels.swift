import CBLAS
import Foundation

/// The numeric steps of the encoder that are not matrix products (LayerNorm, GELU, softmax), and
/// the matrix products themselves as thin wrappers over `cblas_sgemm`.
///
/// All matrices are row-major `Float` buffers. The element-wise loops run over unsafe pointers so
/// that release builds compile them without bounds checks.
enum TransformerKernels {
    /// `output[rows, layer.outputCount] = input[rows, layer.inputCount]·Wᵀ + b (+ residual)`.
    ///
    /// The bias (and the residual, when given) is written into `output` first and the product is
    /// accumulated onto it by `cblas_sgemm` with β = 1.
    static func dense(
        _ layer: DenseWeights, input: UnsafePointer<Float>, rows: Int,
        residual: UnsafePointer<Float>? = nil, output: UnsafeMutablePointer<Float>
    ) {
        let width = layer.outputCount
        for row in 0..<rows {
            let target = output + row * width
            if let residual {
                let source = residual + row * width
                for column in 0..<width {
                    target[column] = source[column] + layer.bias[column]
                }
            } else {
                target.update(from: layer.bias, count: width)
            }
        }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans,
            Int32(rows), Int32(width), Int32(layer.inputCount),
            1, input, Int32(layer.inputCount),
            layer.weight, Int32(layer.inputCount),
            1, output, Int32(width))
    }

    /// LayerNorm of each row in place: `(x − mean) / √(variance + ε) · γ + β`, with the biased
    /// variance, as in PyTorch.
    static func layerNorm(
        _ data: UnsafeMutablePointer<Float>, rows: Int, width: Int, weights: LayerNormWeights, epsilon: Float
    ) {
        let count = Float(width)
        for row in 0..<rows {
            let x = data + row * width
            var sum: Float = 0
            for column in 0..<width {
                sum += x[column]
            }
            let mean = sum / count
            var squares: Float = 0
            for column in 0..<width {
                let centred = x[column] - mean
                squares += centred * centred
            }
            let inverseDeviation = 1 / (squares / count + epsilon).squareRoot()
            for column in 0..<width {
                x[column] = (x[column] - mean) * inverseDeviation * weights.scale[column] + weights.shift[column]
            }
        }
    }

    /// GELU in its exact form, `x · ½ · (1 + erf(x / √2))`, in place.
    static func gelu(_ data: UnsafeMutablePointer<Float>, count: Int) {
        let inverseRootTwo: Float = 0.707_106_781_186_547_524
        for index in 0..<count {
            let x = data[index]
            data[index] = 0.5 * x * (1 + erff(x * inverseRootTwo))
        }
    }

    /// Softmax of each row in place, over the first `columns` entries.
    static func softmax(_ data: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for row in 0..<rows {
            let x = data + row * columns
            var largest = -Float.infinity
            for column in 0..<columns {
                largest = max(largest, x[column])
            }
            var sum: Float = 0
            for column in 0..<columns {
                let e = expf(x[column] - largest)
                x[column] = e
                sum += e
            }
            let scale = 1 / sum
            for column in 0..<columns {
                x[column] *= scale
            }
        }
    }
}
