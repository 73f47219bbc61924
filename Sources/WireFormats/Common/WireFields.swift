import LLMCore

/// Typed reads of one JSON object's members, each failing with an ``InvalidWireRequestError`` that names the field.
public struct WireFields: Sendable {
    public let members: [String: JSONValue]
    /// The path of this object in the request, for messages (`messages[2].content[0]`); empty at the top.
    public let path: String

    public init(_ value: JSONValue, path: String) throws {
        guard case .object(let members) = value else {
            throw InvalidWireRequestError("\(path.isEmpty ? "the body" : path) must be a JSON object")
        }
        self.init(members: members, path: path)
    }

    public init(members: [String: JSONValue], path: String) {
        self.members = members
        self.path = path
    }

    public func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The member, treating JSON `null` as absent.
    public func value(_ key: String) -> JSONValue? {
        guard let value = members[key], !value.isNull else { return nil }
        return value
    }

    public func string(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value.stringValue else { throw InvalidWireRequestError("\(name(key)) must be a string") }
        return text
    }

    public func requiredString(_ key: String) throws -> String {
        guard let text = try string(key) else { throw InvalidWireRequestError("\(name(key)): field required") }
        return text
    }

    public func int(_ key: String) throws -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.intValue else { throw InvalidWireRequestError("\(name(key)) must be an integer") }
        return number
    }

    public func double(_ key: String) throws -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.numberValue else { throw InvalidWireRequestError("\(name(key)) must be a number") }
        return number
    }

    public func bool(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        guard let flag = value.boolValue else { throw InvalidWireRequestError("\(name(key)) must be true or false") }
        return flag
    }

    public func array(_ key: String) throws -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard let elements = value.arrayValue else { throw InvalidWireRequestError("\(name(key)) must be an array") }
        return elements
    }

    /// Whether every non-null member is one of `names`.
    public func only(_ names: Set<String>) -> Bool {
        members.allSatisfy { names.contains($0.key) || $0.value.isNull }
    }

    /// Refuses any member outside `known`, naming it and the known fields: for bodies where an ignored field
    /// would do something else than the caller asked (the admin purge selectors).
    public func rejectUnknown(_ known: Set<String>, what: String) throws {
        let unknown = members.keys.filter { !known.contains($0) && members[$0]?.isNull == false }.sorted()
        guard let first = unknown.first else { return }
        throw InvalidWireRequestError(
            "\(name(first)) is not a field \(what); the request is refused rather than carried out without it. "
                + "Known fields: \(known.sorted().joined(separator: ", "))")
    }
}
