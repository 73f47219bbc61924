import ArgumentParser
import SemanticCache

/// `--disable-guards number,scope`: guards switched off, by name.
enum GuardsOption {
    /// The guard kinds named in `text`, comma-separated.
    static func parse(_ text: String) throws -> Set<GuardKind> {
        var kinds = Set<GuardKind>()
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let kind = GuardKind(rawValue: name) else {
                throw ValidationError(
                    "unknown guard '\(name)'; the guards are "
                        + GuardKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            kinds.insert(kind)
        }
        return kinds
    }

    /// Rates such as `0.01,0.02`: each in (0, 1).
    static func parseRates(_ text: String) throws -> [Double] {
        let rates = try text.split(separator: ",").map { part -> Double in
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let value = Double(trimmed), value > 0, value < 1 else {
                throw ValidationError(
                    "a wrong-hit rate must be a number between 0 and 1, such as 0.02, got '\(trimmed)'")
            }
            return value
        }
        guard !rates.isEmpty else { throw ValidationError("give at least one wrong-hit rate, such as 0.02") }
        return Array(Set(rates)).sorted()
    }
}
