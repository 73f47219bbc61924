/// Any key of a JSON object in a configuration file, for listing the keys a file actually holds.
public struct ConfigurationKey: CodingKey, Sendable, Hashable {
    /// The key's name (for a list position, its number).
    public let stringValue: String
    /// The position in a list, for keys of list elements.
    public let intValue: Int?

    /// The key named `stringValue`.
    public init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    /// The position `intValue` in a list.
    public init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Array where Element == any CodingKey {
    /// The path these keys spell in a configuration file: `budget.daily_usd`, `rules[2].model`; empty at the top.
    public var configurationPath: String {
        var path = ""
        for key in self {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return path
    }
}
