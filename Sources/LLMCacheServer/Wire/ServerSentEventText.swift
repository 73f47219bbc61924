import LLMCore

/// The text of server-sent events.
enum ServerSentEventText {
    /// `event: NAME` and a JSON `data:` line.
    static func event(_ name: String, _ body: JSONValue) -> String {
        "event: \(name)\ndata: \(json(body))\n\n"
    }

    /// A JSON `data:` line only.
    static func data(_ body: JSONValue) -> String { "data: \(json(body))\n\n" }

    static func json(_ value: JSONValue) -> String { (try? CanonicalJSON.string(value)) ?? "{}" }
}
