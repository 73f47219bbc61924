import CacheStorage
import CostControl
import Foundation
import HTTPTypes
import Hummingbird
import LLMCore
import NIOCore
import WireFormats

/// `GET /admin/stats` and `POST /admin/purge`, behind the admin token (`Authorization: Bearer TOKEN` or
/// `x-admin-token: TOKEN`). Without a configured token the routes answer 404 and say how to turn them on.
///
/// Purge takes a JSON object of selectors that combine with AND, as `cachectl purge` does: `all`,
/// `expired`, `namespace`, `model`, `older_than` (a duration), `key`, `tag`, and `dry_run`. An empty
/// selector removes nothing and is refused: `{"all": true}` must be explicit.
struct AdminRoutes: Sendable {
    let store: any CacheStorage
    let token: AdminToken?
    let gate: BudgetGate?

    static let tokenField = "x-admin-token"
    static let purgeFields: Set<String> = [
        "all", "expired", "namespace", "model", "older_than", "key", "tag", "dry_run",
    ]

    func register(on router: Router<ProxyRequestContext>) {
        router.get("/admin/stats") { request, _ in
            await self.guarded(request) { try await self.stats() }
        }
        router.post("/admin/purge") { request, _ in
            await self.guarded(request) {
                let buffer = try await request.body.collect(upTo: 64 * 1024)
                return try await self.purge(Data(buffer.readableBytesView))
            }
        }
    }

    /// Runs `body` when the request carries the admin token; answers 401 or 404 otherwise.
    private func guarded(_ request: Request, _ body: () async throws -> JSONValue) async -> Response {
        guard let token else {
            return refusal(
                404,
                "admin routes are off: set the admin token (LLMCACHE_ADMIN_TOKEN, or admin_token_env in the "
                    + "configuration file) and restart")
        }
        let presented =
            request.headers.value(named: Self.tokenField)
            ?? request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        guard let presented, token.accepts(presented) else {
            return refusal(401, "the admin routes need the admin token in Authorization: Bearer TOKEN or x-admin-token")
        }
        do {
            return HTTPResponses.json(try await body(), status: 200)
        } catch let invalid as InvalidWireRequestError {
            return refusal(400, invalid.message)
        } catch {
            return self.refusal(500, "the admin request failed: \(error)")
        }
    }

    private func refusal(_ status: Int, _ message: String) -> Response {
        HTTPResponses.json(
            WireDialect.openAI.errorBody(type: WireDialect.openAI.errorType(status: status), message: message),
            status: status)
    }

    func stats() async throws -> JSONValue {
        let statistics = try await store.statistics()
        var layers: [String: JSONValue] = [:]
        for (name, counters) in statistics.layers {
            layers[name] = [
                "hits": .int(counters.hits), "misses": .int(counters.misses), "bypasses": .int(counters.bypasses),
                "failures": .int(counters.failures), "tokens_saved_input": .int(counters.tokensSavedInput),
                "tokens_saved_output": .int(counters.tokensSavedOutput),
                "money_saved_micros": .int(counters.moneySaved.rawValue),
            ]
        }
        var out: [String: JSONValue] = [
            "path": .string(statistics.path), "entries": .int(Int64(statistics.entries)),
            "bytes": .int(statistics.bytes), "expired_entries": .int(Int64(statistics.expiredEntries)),
            "namespaces": .int(Int64(statistics.namespaces)), "layers": .object(layers),
            "semantic_entries": .int(Int64(statistics.semanticEntries)),
        ]
        if let gate {
            out["spent_today_micros"] = .int((try await gate.spentToday()).rawValue)
            out["spent_this_run_micros"] = .int(await gate.spentThisRun.rawValue)
            var tags: [String: JSONValue] = [:]
            for tag in await gate.limits.tagCaps.keys {
                tags["\(tag)"] = [
                    "spent_today_micros": .int((try await gate.spentToday(tag: tag)).rawValue),
                    "spent_this_run_micros": .int(await gate.spentThisRun(tag: tag).rawValue),
                ]
            }
            if !tags.isEmpty { out["tag_caps"] = .object(tags) }
        }
        return .object(out)
    }

    func purge(_ data: Data) async throws -> JSONValue {
        let json: JSONValue
        do {
            json = data.isEmpty ? .object([:]) : try JSONValue.parse(data)
        } catch {
            throw InvalidWireRequestError("the purge body is not valid JSON")
        }
        let fields = try WireFields(json, path: "")
        try fields.rejectUnknown(Self.purgeFields, what: "on /admin/purge")
        var selector = PurgeSelector()
        selector.all = try fields.bool("all") ?? false
        selector.expired = try fields.bool("expired") ?? false
        selector.namespace = try fields.string("namespace")
        selector.model = try fields.string("model")
        selector.key = try fields.string("key")
        selector.tag = try fields.string("tag")
        if let age = try fields.string("older_than") {
            guard let span = try? Duration(parsing: age) else {
                throw InvalidWireRequestError("older_than must be a duration such as 7d or 12h, got '\(age)'")
            }
            selector.olderThan = span
        }
        guard !selector.isEmpty else {
            throw InvalidWireRequestError(
                "give at least one selector (all, expired, namespace, model, older_than, key, tag); "
                    + "{\"all\": true} removes every entry")
        }
        let dryRun = try fields.bool("dry_run") ?? false
        let result = try await store.purge(selector, dryRun: dryRun)
        return ["dry_run": .bool(dryRun), "entries": .int(Int64(result.entries)), "bytes": .int(result.bytes)]
    }
}
