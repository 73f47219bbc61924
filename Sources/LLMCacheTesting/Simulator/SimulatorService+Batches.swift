import Foundation
import Hummingbird
import LLMCore
import WireFormats

/// What both providers' batch routes share: authentication, the expiry header, running a batch's items
/// through the model routes once it is due.
extension SimulatorService {
    /// The route each batch item is counted under (its calls are also recorded like any model call).
    static let batchItemRoute = "batch item"
    /// A header on a batch's creation: how many of its items, counted from the end, expire unprocessed.
    public static let batchExpireHeader = "x-simulator-batch-expire"

    func registerBatchRoutes(on router: Router<SimulatorRequestContext>) {
        registerAnthropicBatchRoutes(on: router)
        registerOpenAIBatchRoutes(on: router)
    }

    /// A 401 in `format` when the simulator needs a key the request does not present; `nil` otherwise.
    func refusal(_ request: Request, format: WireDialect) -> Response? {
        guard let required = configuration.requiredAPIKey, Self.presentedKey(request) != required else { return nil }
        return errorResponse(format, status: 401, message: "invalid x-api-key", requestID: "req_sim_batch")
    }

    /// How many items of a batch of `count` the request asks to expire.
    func expiring(_ request: Request, count: Int) -> Int {
        let asked = Self.header(request, Self.batchExpireHeader).flatMap { Int($0) } ?? configuration.batchExpiringItems
        return min(max(asked, 0), count)
    }

    /// The JSON body of `request`, or `nil` when it is not JSON.
    static func jsonBody(_ request: Request, context: SimulatorRequestContext) async throws -> JSONValue? {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return try? JSONValue.parse(bytes: Array(buffer.readableBytesView))
    }

    /// Batch `id` as it is now: when it is due, this call runs its items and ends it.
    func advance(_ id: String) -> SimulatedBatches.Batch? {
        if var batch = batches.claimIfDue(id, now: configuration.clock.now()) {
            run(&batch)
            batches.finish(batch)
        }
        return batches.batch(id)
    }

    /// What became of one item: the answer, or the error (its status and body in the batch's format).
    enum ItemOutcome {
        case succeeded(JSONValue, requestID: String)
        case errored(status: Int, body: JSONValue, requestID: String)
        case expired
        case canceled
    }

    /// Runs every item of `batch` (those not expired or cancelled) and writes its results.
    private func run(_ batch: inout SimulatedBatches.Batch) {
        var outcomes: [(SimulatedBatches.Item, ItemOutcome)] = []
        let firstExpiring = batch.items.count - batch.expiring
        for (index, item) in batch.items.enumerated() {
            let outcome: ItemOutcome
            if batch.cancelRequested {
                outcome = .canceled
            } else if index >= firstExpiring {
                outcome = .expired
            } else {
                outcome = answer(item, dialect: batch.dialect)
            }
            switch outcome {
            case .succeeded: batch.succeeded += 1
            case .errored: batch.errored += 1
            case .expired: batch.expired += 1
            case .canceled: batch.canceled += 1
            }
            outcomes.append((item, outcome))
        }
        batch.endedAt = configuration.clock.now()
        switch batch.dialect {
        case .anthropic: batch.results = outcomes.map(Self.anthropicResultLine)
        case .openAI: writeOpenAIResultFiles(&batch, outcomes)
        }
    }

    /// Answers one item through the model route its URL names.
    private func answer(_ item: SimulatedBatches.Item, dialect: WireDialect) -> ItemOutcome {
        let sequence = state.countRequest(Self.batchItemRoute)
        let requestID = "req_sim_batch_" + String(sequence)
        let call = Call(
            route: Self.batchItemRoute, format: dialect, requestID: requestID, sequence: sequence, fault: nil)
        let failed = { (message: String) in
            ItemOutcome.errored(
                status: 400, body: dialect.errorBody(status: 400, message: message, requestID: requestID),
                requestID: requestID)
        }
        if item.body["stream"]?.boolValue == true { return failed("stream: streaming is not supported in a batch") }
        do {
            let reply: Reply
            switch item.url {
            case "/v1/messages": reply = try anthropicMessages(item.body, call: call)
            case "/v1/chat/completions": reply = try openAIChat(item.body, call: call)
            case "/v1/responses": reply = try openAIResponses(item.body, call: call)
            default: return failed("url: \(item.url) cannot be batched")
            }
            guard case .json(let answer) = reply else { return failed("the item did not give one JSON answer") }
            return .succeeded(answer, requestID: requestID)
        } catch let invalid as InvalidRequest {
            return failed(invalid.message)
        } catch {
            return failed("\(error)")
        }
    }
}
