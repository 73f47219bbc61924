/// The weights of one fully connected layer, `y = x·Wᵀ + b`, pointing into a mapped weights file.
///
/// `weight` is row-major `[outputCount, inputCount]` (the PyTorch `Linear` layout), `bias` has
/// `outputCount` elements. The pointers are valid while the ``SafetensorsFile`` they come from is
/// alive, and are never written through.
struct DenseWeights {
    let weight: UnsafePointer<Float>
    let bias: UnsafePointer<Float>
    let outputCount: Int
    let inputCount: Int

    /// Reads `NAME.weight` and `NAME.bias`, checking their shapes.
    init(_ file: SafetensorsFile, _ name: String, outputCount: Int, inputCount: Int) throws {
        let weight = try file.floatTensor("\(name).weight", shape: [outputCount, inputCount])
        let bias = try file.floatTensor("\(name).bias", shape: [outputCount])
        guard let weightStart = weight.baseAddress, let biasStart = bias.baseAddress else {
            throw SafetensorsError.invalidTensorData(path: file.path, tensor: name, reason: "it is empty")
        }
        self.weight = weightStart
        self.bias = biasStart
        self.outputCount = outputCount
        self.inputCount = inputCount
    }
}
