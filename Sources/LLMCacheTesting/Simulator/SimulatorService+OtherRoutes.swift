import Foundation
import HTTPTypes
import Hummingbird
import LLMCore
import NIOCore
import WireFormats

/// The provider routes besides the model calls: `GET /v1/models` in either provider's format, and for any
/// other method and path under `/v1` a 404 in the caller's format that says what arrived, so that a proxy's
/// pass-through can be checked end to end.
extension SimulatorService {
    static let modelsRoute = "GET /v1/models"
    static let countTokensRoute = "POST /v1/messages/count_tokens"
    static let otherRoute = "other /v1 route"

    /// The models the simulator lists.
    static let listedModels = ["claude-haiku-4-5", "claude-sonnet-4-5", "gpt-4.1-mini", "gpt-4.1"]

    func registerOtherRoutes(on router: Router<SimulatorRequestContext>) {
        router.get("/v1/models") { request, _ in
            _ = self.state.countRequest(Self.modelsRoute)
            return Self.response(
                bytes: (try? CanonicalJSON.encode(Self.modelList(Self.format(of: request)))) ?? [], status: .ok,
                headers: [])
        }
        router.post("/v1/messages/count_tokens") { request, context in
            _ = self.state.countRequest(Self.countTokensRoute)
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            guard let body = try? JSONValue.parse(bytes: Array(buffer.readableBytesView)),
                body["model"]?.stringValue != nil, body["messages"]?.arrayValue != nil
            else {
                return errorResponse(
                    .anthropic, status: 400, message: "count_tokens needs model and messages",
                    requestID: "req_sim_count")
            }
            // The tokens of everything the model would read: system, tools and messages.
            let read = ["system", "tools", "messages"].compactMap { body[$0] }.map { ServerSentEventText.json($0) }
                .joined()
            let tokens = SimulatedTokenizer.anthropic.tokens(read)
            return Self.response(bytes: Array(#"{"input_tokens":\#(tokens)}"#.utf8), status: .ok, headers: [])
        }
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            router.on("/v1/**", method: method) { request, context in
                _ = self.state.countRequest(Self.otherRoute)
                let bytes = try await request.body.collect(upTo: context.maxUploadSize).readableBytes
                let format = Self.format(of: request)
                return errorResponse(
                    format, status: 404,
                    message: "the simulator has no route \(request.method.rawValue) \(request.uri.path)"
                        + (request.uri.query.map { "?" + $0 } ?? "") + " "
                        + "(\(bytes) body bytes received)",
                    requestID: "req_sim_other")
            }
        }
    }

    /// Anthropic's format when the request carries one of its headers, OpenAI's otherwise.
    static func format(of request: Request) -> WireDialect {
        let anthropic = request.headers.contains {
            $0.name.canonicalName == "x-api-key" || $0.name.canonicalName == "anthropic-version"
        }
        return anthropic ? .anthropic : .openAI
    }

    static func modelList(_ format: WireDialect) -> JSONValue {
        switch format {
        case .anthropic:
            let models: [JSONValue] = listedModels.filter { $0.hasPrefix("claude") }.map {
                ["type": "model", "id": .string($0), "display_name": .string($0), "created_at": "2025-10-01T00:00:00Z"]
            }
            return [
                "data": .array(models), "has_more": false, "first_id": models.first?["id"] ?? .null,
                "last_id": models.last?["id"] ?? .null,
            ]
        case .openAI:
            let models: [JSONValue] = listedModels.filter { $0.hasPrefix("gpt") }.map {
                ["id": .string($0), "object": "model", "created": 1_759_276_800, "owned_by": "simulator"]
            }
            return ["object": "list", "data": .array(models)]
        }
    }
}
