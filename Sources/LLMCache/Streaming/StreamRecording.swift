import LLMCore

/// The content steps of a streamed answer, in the order and with the chunk boundaries they arrived in.
///
/// A streamed miss records its steps while it forwards them; the recording is stored with the answer, and a
/// hit replays it. An answer stored from a call that was not streamed has no recording; it replays in
/// ``synthesized(from:)`` chunks instead.
struct StreamRecording: Codable, Sendable, Hashable {
    /// The recorded steps.
    private(set) var steps: [RecordedStreamEvent] = []

    init() {}

    init(from decoder: any Decoder) throws {
        steps = try decoder.singleValueContainer().decode([RecordedStreamEvent].self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(steps)
    }

    /// Adds a step read back from a stored recording.
    mutating func append(_ step: RecordedStreamEvent) { steps.append(step) }

    /// Records `event` when it is a content step.
    mutating func record(_ event: StreamEvent) {
        if let step = RecordedStreamEvent(event) { steps.append(step) }
    }

    /// Whether the recorded text of every text block adds up to the text of `response`'s block, so that a
    /// replay delivers exactly the stored answer.
    func matches(_ response: LLMResponse) -> Bool {
        var texts: [Int: String] = [:]
        for case .text(let index, let text) in steps { texts[index, default: ""] += text }
        for (index, block) in response.content.enumerated() {
            if let text = block.textValue, texts[index, default: ""] != text { return false }
        }
        return texts.keys.allSatisfy { response.content.indices.contains($0) }
    }

    /// The whole stream that replays `response`: its start, the recorded steps, its usage and its
    /// completion.
    func replay(_ response: LLMResponse) -> [StreamEvent] {
        var input = response.usage
        input.outputTokens = 0
        return [.started(id: response.id, model: response.model, usage: input)] + steps.map(\.event) + [
            .usage(response.usage), .completed(response),
        ]
    }

    /// A recording for an answer that was not streamed: each text block in pieces of a few words (about
    /// what a provider sends at a time), each tool call's arguments in one piece.
    static func synthesized(from response: LLMResponse) -> StreamRecording {
        var recording = StreamRecording()
        for (index, block) in response.content.enumerated() {
            switch block {
            case .text(let text):
                recording.steps.append(.blockStarted(index: index, block: .text("")))
                for piece in pieces(of: text.text) { recording.steps.append(.text(index: index, text: piece)) }
            case .toolUse(let id, let name, let input):
                recording.steps.append(
                    .blockStarted(index: index, block: .toolUse(id: id, name: name, input: .object([:]))))
                let json = (try? CanonicalJSON.string(input)) ?? "{}"
                recording.steps.append(.toolInput(index: index, partialJSON: json))
            case .providerBlock(let raw):
                recording.steps += providerBlockSteps(raw, index: index)
            default:
                recording.steps.append(.blockStarted(index: index, block: block))
            }
            recording.steps.append(.blockStopped(index: index))
        }
        return recording
    }

    /// The steps of a provider block: its text, if it has one, in pieces like any text; the rest of it whole,
    /// in its start (the provider's stream encoder writes those members as that provider streams them).
    static func providerBlockSteps(_ raw: JSONValue, index: Int) -> [RecordedStreamEvent] {
        guard case .object(var start) = raw, let text = start["text"]?.stringValue else {
            return [.blockStarted(index: index, block: .providerBlock(raw))]
        }
        start["text"] = ""
        return [.blockStarted(index: index, block: .providerBlock(.object(start)))]
            + pieces(of: text).map { .text(index: index, text: $0) }
    }

    /// Words per synthesized text piece.
    static let wordsPerPiece = 4

    /// `text` cut after every ``wordsPerPiece``-th word, keeping every character.
    static func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var words = 0
        var previousWasSpace = false
        for character in text {
            let isSpace = character.isWhitespace
            if isSpace && !previousWasSpace { words += 1 }
            if !isSpace && previousWasSpace && words >= wordsPerPiece {
                pieces.append(current)
                current = ""
                words = 0
            }
            current.append(character)
            previousWasSpace = isSpace
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
