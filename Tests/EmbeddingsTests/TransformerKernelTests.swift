import Foundation
import Testing

@testable import Embeddings

@Suite("encoder kernels")
struct TransformerKernelTests {
    @Test("the vectorised erf stays within 5e-7 of libm's erf on [-6, 6]")
    func erfAccuracy() {
        var worst: Double = 0
        for step in -6_000...6_000 {
            let x = Float(step) / 1_000
            let approximate = TransformerKernels.erf(x)
            worst = max(worst, abs(Double(approximate) - Foundation.erf(Double(x))))
        }
        #expect(worst < 5e-7, "largest error \(worst)")
    }

    @Test("GELU matches x·½·(1 + erf(x/√2)) on every lane and the scalar tail")
    func geluMatchesDefinition() {
        let inputs = (0..<21).map { Float($0) * 0.45 - 4.5 }
        var values = inputs
        values.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            TransformerKernels.gelu(base, count: buffer.count)
        }
        for (x, y) in zip(inputs, values) {
            let exact = 0.5 * Double(x) * (1 + Foundation.erf(Double(x) / 2.0.squareRoot()))
            #expect(abs(Double(y) - exact) < 1e-6, "x = \(x)")
        }
    }
}
