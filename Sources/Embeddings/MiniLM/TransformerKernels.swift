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
    ///
    /// The loop calls no library function, so release builds vectorise it.
    static func gelu(_ data: UnsafeMutablePointer<Float>, count: Int) {
        let inverseRootTwo: Float = 0.707_106_781_186_547_524
        for index in 0..<count {
            let x = data[index]
            data[index] = 0.5 * x * (1 + erf(x * inverseRootTwo))
        }
    }

    /// The error function, as a rational approximation on [−4, 4] (outside, erf is ±1 to within
    /// float precision): an odd numerator of degree 13 over an even denominator of degree 8. The
    /// largest absolute error against the exact function is about 3e-7 in float arithmetic. It
    /// replaces libm's `erff`, which cannot be vectorised and took a tenth of the forward pass.
    @inline(__always)
    static func erf(_ input: Float) -> Float {
        let x = input < -4 ? -4 : (input > 4 ? 4 : input)
        let x2 = x * x
        var p: Float = -2.726_142_258_013_06e-10
        p = p * x2 + 2.770_681_424_959_02e-08
        p = p * x2 - 2.101_024_020_825_08e-06
        p = p * x2 - 5.692_506_394_623_46e-05
        p = p * x2 - 7.349_906_303_268_55e-04
        p = p * x2 - 2.954_599_808_540_25e-03
        p = p * x2 - 1.609_603_332_624_15e-02
        var q: Float = -1.456_607_184_649_96e-05
        q = q * x2 - 2.133_740_552_789_05e-04
        q = q * x2 - 1.682_826_974_382_03e-03
        q = q * x2 - 7.373_329_167_204_68e-03
        q = q * x2 - 1.426_473_905_141_89e-02
        return x * p / q
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
