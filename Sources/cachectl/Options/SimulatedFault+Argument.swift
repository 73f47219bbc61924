import LLMCacheTesting

extension SimulatedFault {
    /// A fault that `--fault` does not know.
    struct UnknownFault: Error, CustomStringConvertible {
        let value: String
        var description: String { "unknown fault '\(value)'" }
    }

    /// Parses a `--fault` value, spelt as the `x-simulator-fault` header is (`429`, `429:2s`, `drop`, …).
    static func parseArgument(_ text: String) throws -> SimulatedFault {
        guard let fault = SimulatedFault(headerValue: text) else { throw UnknownFault(value: text) }
        return fault
    }
}
