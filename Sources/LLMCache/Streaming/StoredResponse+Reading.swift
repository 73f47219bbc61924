import Foundation
import LLMCore

extension StoredResponse {
    /// The stored answer in `data` (an entry's response JSON), read in one pass.
    ///
    /// The shapes the client writes (text, tool calls and provider blocks, usage, provider fields, a stream
    /// recording) are read from the bytes straight into values, without `JSONDecoder`, which was the largest
    /// cost of an exact hit. Anything else (an image, a tool result or a prompt-cache marker in an answer, a
    /// member of an unexpected kind) is read by the `Codable` conformance, which accepts and refuses exactly
    /// what it always did.
    ///
    /// - Throws: the decoding error of a body that is not a stored answer.
    static func read(from data: Data) throws -> StoredResponse {
        if let json = try? JSONValue.parse(data), let read = StoredResponseReading.storedResponse(json) {
            return read
        }
        return try JSONDecoder().decode(StoredResponse.self, from: data)
    }
}

/// Reads the JSON of a stored answer, member by member, into the values `StoredResponse`'s `Codable`
/// conformance would give. Every function returns `nil` for a shape it leaves to that conformance.
enum StoredResponseReading {
    static func storedResponse(_ json: JSONValue) -> StoredResponse? {
        guard case .object(let members) = json, let response = response(members) else { return nil }
        var recording: StreamRecording?
        if let chunks = present(members["stream_chunks"]) {
            guard let read = self.recording(chunks) else { return nil }
            recording = read
        }
        return StoredResponse(response: response, recording: recording)
    }

    static func response(_ members: [String: JSONValue]) -> LLMResponse? {
        guard let id = members["id"]?.stringValue, let model = members["model"]?.stringValue,
            let blocks = members["content"]?.arrayValue, let stop = members["stop_reason"]?.stringValue,
            case .object(let usageMembers)? = members["usage"], let usage = usage(usageMembers)
        else { return nil }
        var content: [ContentBlock] = []
        content.reserveCapacity(blocks.count)
        for block in blocks {
            guard let read = self.block(block) else { return nil }
            content.append(read)
        }
        var stopSequence: String?
        if let value = present(members["stop_sequence"]) {
            guard let text = value.stringValue else { return nil }
            stopSequence = text
        }
        var providerFields: [String: JSONValue] = [:]
        if let value = present(members["provider_fields"]) {
            guard case .object(let fields) = value else { return nil }
            providerFields = fields
        }
        return LLMResponse(
            id: id, model: model, content: content, stopReason: StopReason(rawValue: stop), stopSequence: stopSequence,
            usage: usage, providerFields: providerFields)
    }

    static func usage(_ members: [String: JSONValue]) -> Usage? {
        var counts: [Int] = []
        for name in [
            "input_tokens", "output_tokens", "cache_read_input_tokens", "cache_write_5m_input_tokens",
            "cache_write_1h_input_tokens",
        ] {
            guard let value = present(members[name]) else {
                counts.append(0)
                continue
            }
            guard let count = integer(value) else { return nil }
            counts.append(count)
        }
        return Usage(
            inputTokens: counts[0], outputTokens: counts[1], cacheReadInputTokens: counts[2],
            cacheWrite5mInputTokens: counts[3], cacheWrite1hInputTokens: counts[4])
    }

    /// A content block of the kinds answers hold; `nil` for images, tool results and marked text.
    static func block(_ json: JSONValue) -> ContentBlock? {
        guard case .object(let members) = json, let type = members["type"]?.stringValue else { return nil }
        switch type {
        case "text":
            guard present(members["cache_control"]) == nil, let text = members["text"]?.stringValue else { return nil }
            return .text(text)
        case "tool_use":
            guard let id = members["id"]?.stringValue, let name = members["name"]?.stringValue else { return nil }
            return .toolUse(id: id, name: name, input: present(members["input"]) ?? .object([:]))
        case "provider_block":
            guard let block = members["block"] else { return nil }
            return .providerBlock(block)
        default:
            return nil
        }
    }

    /// A stream recording: its steps, each an object whose `type` names its kind.
    static func recording(_ json: JSONValue) -> StreamRecording? {
        guard let steps = json.arrayValue else { return nil }
        var recording = StreamRecording()
        for step in steps {
            guard case .object(let members) = step, let kind = members["type"]?.stringValue,
                let index = integer(members["index"])
            else { return nil }
            switch kind {
            case "block_start":
                guard let value = members["block"], let block = self.block(value) else { return nil }
                recording.append(.blockStarted(index: index, block: block))
            case "text":
                guard let text = members["text"]?.stringValue else { return nil }
                recording.append(.text(index: index, text: text))
            case "tool_input":
                guard let json = members["partial_json"]?.stringValue else { return nil }
                recording.append(.toolInput(index: index, partialJSON: json))
            case "delta":
                guard let delta = members["delta"] else { return nil }
                recording.append(.delta(index: index, delta: delta))
            case "block_stop":
                recording.append(.blockStopped(index: index))
            default:
                return nil
            }
        }
        return recording
    }

    /// An integer written as one.
    private static func integer(_ value: JSONValue?) -> Int? {
        guard case .int(let number)? = value else { return nil }
        return Int(exactly: number)
    }

    /// `value` unless it is missing or JSON `null` (which `decodeIfPresent` reads as missing).
    private static func present(_ value: JSONValue?) -> JSONValue? {
        guard let value, !value.isNull else { return nil }
        return value
    }
}
