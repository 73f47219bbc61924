import Foundation
import HTTPTypes
import Hummingbird
import LLMCache
import LLMCore
import WireFormats

/// `POST /v1/cache/feedback`: a caller labels a hit it was served, by the `x-cache-key` of that answer:
/// `{"key": "…", "verdict": "wrong"}` removes the entry and teaches the semantic layer; `"correct"` (or
/// `"right"`) confirms a semantic hit. A caller reaches only the hits of its own namespace (its API key's,
/// with the same `x-cache-namespace` it sent), so it can label no one else's entries.
struct FeedbackRoute: Sendable {
    let service: ProxyService
    let journal: HitJournal

    static let path = "/v1/cache/feedback"

    func register(on router: Router<ProxyRequestContext>) {
        router.post(RouterPath(stringLiteral: Self.path)) { request, _ in await self.answer(request) }
    }

    private func answer(_ request: Request) async -> Response {
        let callerKey = CallerKey(request)
        if callerKey == nil && service.configuration.keySource == .forward {
            return refusal(401, "no API key: send the key the labelled call was made with (x-api-key or Bearer)")
        }
        do {
            let namespace = try service.cacheControls(for: request, callerKey: callerKey).namespace ?? "anonymous"
            let buffer = try await request.body.collect(upTo: 16 * 1024)
            let (key, verdict) = try Self.parse(Data(buffer.readableBytesView))
            guard let hit = journal.hit(namespace: namespace, key: key) else {
                return refusal(
                    404,
                    "no recent hit with x-cache-key \(key) in this caller's namespace: label a hit with the key, API key "
                        + "and x-cache-namespace it was served with, soon after (the proxy remembers its last "
                        + "\(journal.capacity) hits)")
            }
            let removed: Bool
            let learnt: Bool
            if verdict {
                learnt = try await service.client.confirmHit(hit)
                removed = false
            } else {
                learnt = hit.layer == .semantic
                removed = try await service.client.reportWrongHit(hit)
            }
            return HTTPResponses.json(
                [
                    "key": .string(key), "verdict": .string(verdict ? "correct" : "wrong"),
                    "layer": .string(hit.layer.rawValue), "learnt": .bool(learnt), "entry_removed": .bool(removed),
                ], status: 200)
        } catch let invalid as InvalidWireRequestError {
            return refusal(400, invalid.message)
        } catch {
            return refusal(500, "the feedback could not be recorded: \(error)")
        }
    }

    /// The key and verdict (`true` for correct) of a feedback body.
    static func parse(_ data: Data) throws -> (key: String, verdict: Bool) {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw InvalidWireRequestError(
                "the body must be a JSON object such as {\"key\": \"<x-cache-key>\", \"verdict\": \"wrong\"}")
        }
        let unknown = Set(object.keys).subtracting(["key", "verdict"])
        if let field = unknown.sorted().first {
            throw InvalidWireRequestError("unknown field \"\(field)\"; the fields are \"key\" and \"verdict\"")
        }
        guard let key = object["key"] as? String, key.count == 64, key.allSatisfy(\.isHexDigit) else {
            throw InvalidWireRequestError("\"key\" must be the 64 hex digits of the answer's x-cache-key header")
        }
        switch (object["verdict"] as? String)?.lowercased() {
        case "wrong": return (key.lowercased(), false)
        case "correct", "right": return (key.lowercased(), true)
        default: throw InvalidWireRequestError("\"verdict\" must be \"wrong\" or \"correct\"")
        }
    }

    private func refusal(_ status: Int, _ message: String) -> Response {
        HTTPResponses.json(
            WireDialect.openAI.errorBody(type: WireDialect.openAI.errorType(status: status), message: message),
            status: status)
    }
}
