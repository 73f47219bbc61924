import LLMCore

extension JSONValue {
    /// The member `key` of an object; `nil` for a missing member or a value that is not an object.
    subscript(_ key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The string, or `nil`.
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The integer (an integral double counts), or `nil`.
    var intValue: Int? {
        switch self {
        case .int(let value): return Int(exactly: value)
        case .double(let value) where value == value.rounded() && abs(value) < 9.0e15: return Int(value)
        default: return nil
        }
    }

    /// The elements of an array, or `nil`.
    var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The boolean, or `nil`.
    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// This object without member `key`.
    func removing(_ key: String) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members[key] = nil
        return .object(members)
    }
}
