/// The scale (`weight`, γ) and shift (`bias`, β) of one LayerNorm, pointing into a mapped weights
/// file. Valid while the ``SafetensorsFile`` they come from is alive; never written through.
struct LayerNormWeights {
    let scale: UnsafePointer<Float>
    let shift: UnsafePointer<Float>

    /// Reads `NAME.weight` and `NAME.bias`, each of `width` elements.
    init(_ file: SafetensorsFile, _ name: String, width: Int) throws {
        let scale = try file.floatTensor("\(name).weight", shape: [width])
        let shift = try file.floatTensor("\(name).bias", shape: [width])
        guard let scaleStart = scale.baseAddress, let shiftStart = shift.baseAddress else {
            throw SafetensorsError.invalidTensorData(path: file.path, tensor: name, reason: "it is empty")
        }
        self.scale = scaleStart
        self.shift = shiftStart
    }
}
