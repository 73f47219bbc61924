import Foundation
import LLMCore

/// Which entries a purge removes. Every given condition must hold (they combine with AND); an empty
/// selector is refused so that removing everything always takes an explicit `all`.
public struct PurgeSelector: Sendable, Hashable {
    /// Select every entry (alone, it purges the whole cache).
    public var all: Bool = false
    /// Only entries whose TTL has run out.
    public var expired: Bool = false
    /// Only entries of this namespace.
    public var namespace: String? = nil
    /// Only entries of this model.
    public var model: String? = nil
    /// Only entries stored longer ago than this.
    public var olderThan: Duration? = nil
    /// Only the entry (entries, across namespaces) with this exact key.
    public var key: String? = nil
    /// Only entries carrying this tag.
    public var tag: String? = nil

    public init(
        all: Bool = false, expired: Bool = false, namespace: String? = nil, model: String? = nil,
        olderThan: Duration? = nil, key: String? = nil, tag: String? = nil
    ) {
        self.all = all
        self.expired = expired
        self.namespace = namespace
        self.model = model
        self.olderThan = olderThan
        self.key = key
        self.tag = tag
    }

    /// Whether no condition was given.
    public var isEmpty: Bool {
        !all && !expired && namespace == nil && model == nil && olderThan == nil && key == nil && tag == nil
    }
}

/// Tags are stored as `|a|b|c|` so that one `instr` finds a whole tag and never a part of one.
package enum TagList {
    package static func encode(_ tags: [String]) -> String {
        tags.isEmpty ? "" : "|" + tags.map(clean).joined(separator: "|") + "|"
    }

    package static func decode(_ stored: String) -> [String] {
        stored.split(separator: "|").map(String.init)
    }

    package static func marker(for tag: String) -> String { "|" + clean(tag) + "|" }

    private static func clean(_ tag: String) -> String { tag.replacingOccurrences(of: "|", with: "_") }
}
