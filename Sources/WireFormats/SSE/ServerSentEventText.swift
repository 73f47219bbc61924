import LLMCore

/// The text of server-sent events.
public enum ServerSentEventText {
    /// `event: NAME` and a JSON `data:` line.
    public static func event(_ name: String, _ body: JSONValue) -> String {
        "event: \(name)\ndata: \(json(body))\n\n"
    }

    /// A JSON `data:` line only.
    public static func data(_ body: JSONValue) -> String { "data: \(json(body))\n\n" }

    /// `value` as compact canonical JSON (`{}` if it cannot be written).
    public static func json(_ value: JSONValue) -> String { (try? CanonicalJSON.string(value)) ?? "{}" }
}
