import Foundation
import LLMCore

/// The stored form of an answer: the response's JSON, plus, for an answer that was streamed, its
/// recording under `stream_chunks` (a key ``LLMResponse`` decoding ignores).
struct StoredResponse: Codable, Sendable {
    /// The answer.
    var response: LLMResponse
    /// How it was streamed, when it was.
    var recording: StreamRecording?

    private enum CodingKeys: String, CodingKey {
        case streamChunks = "stream_chunks"
    }

    init(response: LLMResponse, recording: StreamRecording?) {
        self.response = response
        self.recording = recording
    }

    init(from decoder: any Decoder) throws {
        response = try LLMResponse(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        recording = try container.decodeIfPresent(StreamRecording.self, forKey: .streamChunks)
    }

    func encode(to encoder: any Encoder) throws {
        try response.encode(to: encoder)
        guard let recording else { return }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(recording, forKey: .streamChunks)
    }

    /// The recording stored in `data` (an entry's response JSON), or `nil` when it has none or it cannot
    /// be read.
    static func recording(in data: Data) -> StreamRecording? {
        (try? JSONDecoder().decode(Chunks.self, from: data))?.recording
    }

    /// Only the recording of a stored answer.
    private struct Chunks: Decodable {
        var recording: StreamRecording?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            recording = try container.decodeIfPresent(StreamRecording.self, forKey: .streamChunks)
        }
    }
}
