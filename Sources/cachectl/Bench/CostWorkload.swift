import Foundation
import LLMCache
import LLMCore

/// A replayable workload for `cachectl bench cost`: JSON Lines of named texts and calls.
///
/// ```
/// {"type":"text","name":"handbook","text":"You are the support assistant…"}
/// {"type":"call","model":"claude-sonnet-4-5","system":"handbook","prompt":"How do I reset my password?",
///  "max_tokens":300,"temperature":0}
/// ```
///
/// A call names its model and prompt; optionally a `system` text and a `document` text by name (the
/// document goes before the prompt in the user turn), a `conversation` by name (its turns go before the
/// prompt), `max_tokens` (default 256), `temperature` (default 0), the routing hints `items` and
/// `deep_reasoning`, `latency_tolerant` (it may wait for a batch) and a `feature` (its cost tag). A
/// conversation line is `{"type":"conversation","name":…,"turns":[{"role":"user","text":…},…]}`. Texts and
/// conversations must be defined before they are used.
struct CostWorkload: Sendable {
    /// One call of the workload.
    struct Call: Sendable {
        var request: LLMRequest
        var routing: RoutingHints
        /// Whether the call may wait for a batch (`"latency_tolerant": true`).
        var latencyTolerant = false
        /// Its cost tags (`"feature": "chat"` becomes `feature=chat`).
        var costTags: [String: String] = [:]
    }

    /// The calls, in order.
    var calls: [Call]

    /// Reads the workload at `path`.
    static func load(path: String) throws -> CostWorkload {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CostWorkloadError(path: path, line: nil, problem: "the file cannot be read (is the path right?)")
        }
        return try parse(data, path: path)
    }

    /// Parses workload lines; `path` names the source in errors.
    static func parse(_ data: Data, path: String) throws -> CostWorkload {
        var texts: [String: String] = [:]
        var conversations: [String: [Message]] = [:]
        var calls: [Call] = []
        let decoder = JSONDecoder()
        for (offset, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            func failure(_ problem: String) -> CostWorkloadError {
                CostWorkloadError(path: path, line: number, problem: problem)
            }
            guard line.contains(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0D) }) else { continue }
            let entry: Line
            do {
                entry = try decoder.decode(Line.self, from: Data(line))
            } catch {
                throw failure("not a workload line (\(Self.describe(error)))")
            }
            switch entry.type {
            case "conversation":
                guard let name = entry.name, !name.isEmpty, let turns = entry.turns, !turns.isEmpty else {
                    throw failure("a conversation needs \"name\" and a non-empty \"turns\" list")
                }
                conversations[name] = try turns.map { turn in
                    guard let role = Message.Role(rawValue: turn.role) else {
                        throw failure("a turn's \"role\" is user or assistant, got \"\(turn.role)\"")
                    }
                    return Message(role: role, content: [.text(turn.text)])
                }
            case "text":
                guard let name = entry.name, !name.isEmpty, let text = entry.text else {
                    throw failure("a text line needs \"name\" and \"text\"")
                }
                texts[name] = text
            case "call":
                calls.append(try call(from: entry, texts: texts, conversations: conversations, failure: failure))
            default:
                throw failure(
                    "unknown \"type\" \(entry.type.debugDescription); use \"text\", \"conversation\" or \"call\"")
            }
        }
        guard !calls.isEmpty else {
            throw CostWorkloadError(path: path, line: nil, problem: "the workload has no calls")
        }
        return CostWorkload(calls: calls)
    }

    private static func call(
        from entry: Line, texts: [String: String], conversations: [String: [Message]],
        failure: (String) -> CostWorkloadError
    ) throws -> Call {
        guard let model = entry.model, !model.isEmpty else { throw failure("a call needs \"model\"") }
        guard let prompt = entry.prompt, !prompt.isEmpty else { throw failure("a call needs \"prompt\"") }
        func text(_ name: String?, _ field: String) throws -> String? {
            guard let name else { return nil }
            guard let text = texts[name] else {
                throw failure("\"\(field)\" names the text \(name.debugDescription), which no earlier line defines")
            }
            return text
        }
        let system = try text(entry.system, "system")
        let document = try text(entry.document, "document")
        var history: [Message] = []
        if let name = entry.conversation {
            guard let turns = conversations[name] else {
                throw failure("\"conversation\" names \(name.debugDescription), which no earlier line defines")
            }
            history = turns
        }
        let maxTokens = entry.maxTokens ?? 256
        guard maxTokens > 0 else { throw failure("\"max_tokens\" must be positive, got \(maxTokens)") }
        let temperature = entry.temperature ?? 0
        guard (0...2).contains(temperature) else {
            throw failure("\"temperature\" must lie in [0, 2], got \(temperature)")
        }
        let items = entry.items ?? 1
        guard items > 0 else { throw failure("\"items\" must be positive, got \(items)") }
        var content: [ContentBlock] = []
        if let document { content.append(.text(document)) }
        content.append(.text(prompt))
        guard let provider = ProviderProfile.serving(model: model)?.id else {
            throw failure(
                "no provider is known for model \"\(model)\"; known model prefixes: "
                    + ProviderProfile.all.flatMap(\.modelPrefixes).joined(separator: ", "))
        }
        let request = LLMRequest(
            provider: provider, model: model, system: system.map { [TextBlock($0)] } ?? [],
            messages: history + [Message(role: .user, content: content)], maxTokens: maxTokens,
            temperature: temperature)
        return Call(
            request: request, routing: RoutingHints(deepReasoning: entry.deepReasoning ?? false, itemCount: items),
            latencyTolerant: entry.latencyTolerant ?? false, costTags: entry.feature.map { ["feature": $0] } ?? [:])
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        case DecodingError.dataCorrupted: "malformed JSON"
        default: "\(error)"
        }
    }

    /// One line as written.
    private struct Line: Decodable {
        var type: String
        var name: String?
        var text: String?
        var model: String?
        var system: String?
        var document: String?
        var prompt: String?
        var maxTokens: Int?
        var temperature: Double?
        var items: Int?
        var deepReasoning: Bool?
        var latencyTolerant: Bool?
        var feature: String?
        var conversation: String?
        var turns: [Turn]?

        enum CodingKeys: String, CodingKey {
            case type, name, text, model, system, document, prompt, temperature, items, feature, conversation, turns
            case maxTokens = "max_tokens"
            case deepReasoning = "deep_reasoning"
            case latencyTolerant = "latency_tolerant"
        }
    }

    /// One turn of a conversation line.
    private struct Turn: Decodable {
        var role: String
        var text: String
    }
}

/// A workload file that cannot be used, with where and why.
struct CostWorkloadError: Error, CustomStringConvertible {
    var path: String
    var line: Int?
    var problem: String

    var description: String {
        let place = line.map { "\(path):\($0)" } ?? path
        return "\(place): \(problem). See `cachectl bench cost --help` for the workload format."
    }
}
