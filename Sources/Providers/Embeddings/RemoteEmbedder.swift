import AsyncHTTPClient
import Foundation
import LLMCore
import Logging

/// An `Embedder` over an OpenAI-compatible `POST {baseURL}/embeddings`.
///
/// Texts are sent in batches of ``Configuration/batchSize``; all batches of one call share one time limit.
/// Vectors are returned in input order, scaled to unit length, and must have ``Configuration/dimension``
/// components. Failures are `ProviderError`s with the key redacted.
public struct RemoteEmbedder: Embedder {
    /// Where and how to call the API.
    public struct Configuration: Sendable {
        /// The API root including the version segment, for example `https://api.openai.com/v1`.
        public var baseURL: String
        /// The key sent as a bearer token; `nil` sends none.
        public var apiKey: APIKey?
        /// The embedding model, for example `text-embedding-3-small`.
        public var model: String
        /// The number of components every vector has.
        public var dimension: Int
        /// Whether to ask the server for ``dimension`` components (`dimensions`), for models that can shorten.
        public var requestDimensions: Bool
        /// Texts per request.
        public var batchSize: Int
        /// The longest one ``RemoteEmbedder/embed(_:)`` call may take, over all its batches.
        public var timeLimit: Duration

        /// A configuration; each parameter sets the property of the same name.
        ///
        /// - Parameters:
        ///   - baseURL: the API root including the version segment. Default: `https://api.openai.com/v1`.
        ///   - apiKey: the key sent as a bearer token, or `nil` for none. Default: `OPENAI_API_KEY` from the
        ///     environment.
        ///   - model: the embedding model. Default: `text-embedding-3-small`.
        ///   - dimension: the number of components every vector has. Default: 1536.
        ///   - requestDimensions: whether to send `dimensions` to the server. Default: `false`.
        ///   - batchSize: texts per request. Default: 128.
        ///   - timeLimit: the longest one embedding call may take, over all its batches. Default: 30 seconds.
        public init(
            baseURL: String = "https://api.openai.com/v1",
            apiKey: APIKey? = APIKey.fromEnvironment(APIKey.openAIEnvironmentVariable),
            model: String = "text-embedding-3-small", dimension: Int = 1536, requestDimensions: Bool = false,
            batchSize: Int = 128, timeLimit: Duration = .seconds(30)
        ) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.model = model
            self.dimension = dimension
            self.requestDimensions = requestDimensions
            self.batchSize = batchSize
            self.timeLimit = timeLimit
        }
    }

    /// The configuration.
    public let configuration: Configuration
    private let exchange: HTTPExchange

    /// An embedder over `http` (shared by default).
    public init(
        configuration: Configuration, http: ProviderHTTPClient = .shared,
        logger: Logger = Logger(label: "llmcache.providers.embeddings")
    ) {
        self.configuration = configuration
        self.exchange = HTTPExchange(http: http, provider: .openAI, apiKey: configuration.apiKey, logger: logger)
    }

    public var modelIdentifier: String { "remote-\(configuration.model)-\(configuration.dimension)" }
    public var dimension: Int { configuration.dimension }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: configuration.timeLimit)
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        var headers: [(String, String)] = [("accept", "application/json")]
        if let key = configuration.apiKey { headers.append(("authorization", "Bearer \(key.secret)")) }
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        let size = max(1, configuration.batchSize)
        for start in stride(from: 0, to: texts.count, by: size) {
            let batch = Array(texts[start..<min(start + size, texts.count)])
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else {
                throw ProviderError(
                    kind: .timeout, provider: .openAI,
                    message: "embedding \(texts.count) texts took longer than \(configuration.timeLimit)")
            }
            vectors += try await embedBatch(batch, url: base + "/embeddings", headers: headers, remaining: remaining)
        }
        return vectors
    }

    private func embedBatch(
        _ batch: [String], url: String, headers: [(String, String)], remaining: Duration
    ) async throws -> [[Float]] {
        var body: [String: JSONValue] = [
            "model": .string(configuration.model), "input": .array(batch.map(JSONValue.string)),
            "encoding_format": "float",
        ]
        if configuration.requestDimensions { body["dimensions"] = .int(Int64(configuration.dimension)) }
        let response = try await exchange.post(
            url: url, headers: headers, body: try CanonicalJSON.encode(.object(body)), deadline: remaining)
        let data = try await exchange.collect(response)
        guard let items = (try? JSONValue.parse(data))?["data"]?.arrayValue, items.count == batch.count else {
            throw exchange.invalidResponse(response, "expected \(batch.count) embeddings in 'data'")
        }
        var ordered = [[Float]?](repeating: nil, count: batch.count)
        for (position, item) in items.enumerated() {
            let index = item["index"]?.intValue ?? position
            guard ordered.indices.contains(index), let values = item["embedding"]?.arrayValue else {
                throw exchange.invalidResponse(response, "embedding \(position) has no index or vector")
            }
            let vector = values.compactMap(Self.float)
            guard vector.count == values.count, vector.count == configuration.dimension else {
                throw exchange.invalidResponse(
                    response, "embedding \(index) has \(values.count) components, expected \(configuration.dimension)")
            }
            ordered[index] = Self.normalised(vector)
        }
        let complete = ordered.compactMap { $0 }
        guard complete.count == batch.count else {
            throw exchange.invalidResponse(response, "the embeddings do not cover every input")
        }
        return complete
    }

    private static func float(_ value: JSONValue) -> Float? {
        switch value {
        case .double(let number): return Float(number)
        case .int(let number): return Float(number)
        default: return nil
        }
    }

    private static func normalised(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0, norm.isFinite else { return vector }
        return vector.map { $0 / norm }
    }
}
