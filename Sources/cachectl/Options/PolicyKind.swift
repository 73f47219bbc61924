import ArgumentParser
import SemanticCache

/// A semantic hit policy as spelled on the command line.
enum PolicyKind: String, CaseIterable, ExpressibleByArgument {
    /// A plain cosine threshold.
    case `static`
    /// A threshold with the guards.
    case guarded
    /// A maximum wrong-hit rate.
    case bounded

    /// The kinds in `text`, comma-separated.
    static func parseList(_ text: String) throws -> [PolicyKind] {
        try text.split(separator: ",").map { part in
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let kind = PolicyKind(rawValue: name) else {
                throw ValidationError("unknown policy '\(name)'; use static, guarded or bounded (comma-separated)")
            }
            return kind
        }
    }

    /// The policies of this kind for the given thresholds and rates.
    func policies(thresholds: [Float], deltas: [Double]) -> [HitPolicy] {
        switch self {
        case .static: thresholds.map { .threshold($0) }
        case .guarded: thresholds.map { .guarded(threshold: $0) }
        case .bounded: deltas.map { .bounded(maxWrongHitRate: $0) }
        }
    }
}
