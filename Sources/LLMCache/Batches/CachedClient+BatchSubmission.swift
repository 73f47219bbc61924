import CacheStorage
import CostControl
import Foundation
import LLMCore

extension CachedClient {
    /// Answers `requests` cache first, sending only what no cache answers as one provider batch (Anthropic's
    /// Message Batches, OpenAI's Batch API: about half the price, answered within the provider's window), and
    /// waits for it; returns every answer in the order of `requests`.
    ///
    /// This is ``submitBatch(_:cache:)`` followed by ``batchResults(id:polling:)``; use those two to submit
    /// now and collect later, from this process or another one sharing the store.
    public func batch(
        _ requests: [LLMRequest], cache controls: CacheControls = CacheControls(),
        polling: BatchPolling = BatchPolling()
    ) async throws -> [BatchAnswer] {
        let progress = try await submitBatch(requests, cache: controls)
        return try await batchResults(id: progress.id, polling: polling)
    }

    /// Looks every request up in the caches and submits the ones no cache answers as one provider batch.
    ///
    /// - Identical requests of the batch are sent once and share the answer.
    /// - Each request sent is routed and held to the token limits like ``send(_:cache:)`` does; one the
    ///   token limits refuse fails on its own, without being sent.
    /// - With a cost guard, the whole batch's estimate at the batch rates is reserved before anything is
    ///   sent: a batch that would pass a cap is refused (`BudgetExceededError`) and nothing is submitted.
    /// - The job (its requests, the provider's batch id) is in the store before this returns, so that it
    ///   survives a restart: collect it with ``batchResults(id:polling:)``.
    ///
    /// - Throws: ``BatchRequestError`` for an empty batch or an upstream that cannot send batches;
    ///   `ProviderMismatchError`, `CacheControlsError`; `BudgetExceededError`; the provider's errors when the
    ///   batch cannot be created; the store's when the job cannot be kept (then nothing is submitted).
    public func submitBatch(_ requests: [LLMRequest], cache controls: CacheControls = CacheControls()) async throws
        -> BatchProgress
    {
        try await submitBatch(
            items: requests.enumerated().map { BatchItem(customID: "item-\($0.offset)", request: $0.element) },
            cache: controls)
    }

    /// Submits `items` as ``submitBatch(_:cache:)`` does, each under the caller's own id (its
    /// ``BatchAnswer/customID``), unique within the batch: for Anthropic 1 to 64 letters, digits, `_` or
    /// `-`, for OpenAI 1 to 512 bytes.
    public func submitBatch(items: [BatchItem], cache controls: CacheControls = CacheControls()) async throws
        -> BatchProgress
    {
        guard let transport = upstream as? any LLMBatchTransport else { throw BatchRequestError.unsupportedUpstream }
        guard !items.isEmpty else { throw BatchRequestError.empty }
        try CacheControlsError.validate(controls)
        let addressed = try items.map { try $0.request.addressed(to: upstream.provider) }
        let provider = try addressed[0].namedProvider()
        try BatchRequestError.validate(customIDs: items.map(\.customID), provider: provider)
        guard addressed.allSatisfy({ $0.provider == provider }) else {
            throw BatchRequestError("every request of a batch must be for one provider; split the batch by provider")
        }
        let namespace = controls.namespace ?? configuration.defaultNamespace
        let id = "batch-" + UUID().uuidString.lowercased()
        var jobItems = try await lookUpBatchItems(addressed, ids: items.map(\.customID), controls: controls)
        var holds: [Int: BudgetReservation] = [:]
        if let costGuard {
            do {
                holds = try await reserveBatch(&jobItems, costGuard: costGuard, tags: controls.costTags)
            } catch {
                logger.notice("batch refused before submission", metadata: ["error": "\(error)"])
                throw error
            }
        }
        var job = BatchJob(
            id: id, provider: provider, providerBatchID: nil, status: .submitting, createdAt: store.clock.now(),
            controls: BatchControls(controls, namespace: namespace), items: jobItems)
        let sent = job.items.filter { $0.isPending && $0.sameAs == nil }.compactMap { item in
            item.sent.map { BatchItem(customID: item.customID, request: $0) }
        }
        do {
            if sent.isEmpty { job.status = .complete }
            try await saveBatchJob(job)
        } catch {
            await cancelHolds(holds)
            throw error
        }
        guard !sent.isEmpty else { return job.progress() }
        let status: ProviderBatchStatus
        do {
            status = try await transport.submitBatch(sent)
        } catch {
            await cancelHolds(holds)
            for index in job.items.indices where job.items[index].isPending {
                job.items[index].state = .failed(
                    BatchItemFailure(kind: .notSubmitted, message: String(describing: error)))
            }
            job.status = .complete
            try? await saveBatchJob(job)
            throw error
        }
        job.providerBatchID = status.id
        job.status = .submitted
        await batchHolds.keep(holds, for: id)
        do {
            try await saveBatchJob(job)
        } catch {
            logger.error(
                "a submitted batch could not be recorded; it is at the provider under its id",
                metadata: ["job": "\(id)", "provider_batch": "\(status.id)", "error": "\(error)"])
            throw error
        }
        logger.info(
            "batch submitted",
            metadata: [
                "job": "\(id)", "provider_batch": "\(status.id)", "items": "\(jobItems.count)", "sent": "\(sent.count)",
            ])
        return job.progress(providerStatus: status)
    }

    /// Each request looked up: a hit is answered; a miss is pending, shared with an identical earlier one,
    /// and prepared for sending.
    private func lookUpBatchItems(_ requests: [LLMRequest], ids: [String], controls: CacheControls) async throws
        -> [BatchJobItem]
    {
        var items: [BatchJobItem] = []
        var leaders: [String: Int] = [:]
        for (index, request) in requests.enumerated() {
            var item = BatchJobItem(
                index: index, customID: ids[index], request: request, sentModel: nil, storable: false, sameAs: nil,
                estimate: .zero, state: .pending)
            switch try await lookUp(request, controls: controls) {
            case .hit(let answer, _):
                item.state = .cached(BatchJobHit(answer))
            case .bypass:
                break
            case .miss(let call), .refresh(let call):
                item.storable = true
                if let leader = leaders[call.flightKey] {
                    item.sameAs = leader
                } else {
                    leaders[call.flightKey] = index
                }
            }
            if item.isPending && item.sameAs == nil {
                do {
                    item.sent = try prepareForBatch(request, controls: controls)
                } catch {
                    item.state = .failed(BatchItemFailure(kind: .refused, message: String(describing: error)))
                }
            }
            items.append(item)
        }
        return items
    }

    /// What is sent for `request`: the router's model, planned for the provider's prompt cache when that is
    /// on, held to the token limits.
    private func prepareForBatch(_ request: LLMRequest, controls: CacheControls) throws -> LLMRequest {
        var sent = request
        if let routing = routing(for: request, hints: controls.routing) { sent.model = routing.model }
        if let plan = promptCachePlan(for: sent) { sent = Self.requestToSend(plan) }
        guard let costGuard, let limits = costGuard.tokenLimits else { return sent }
        let estimator = try costGuard.estimator ?? .forProvider(sent.namedProvider())
        return try limits.apply(to: sent, tags: controls.costTags, estimator: estimator).request
    }

    /// Reserves every item to send at its estimate at the batch rates; all or none.
    private func reserveBatch(_ items: inout [BatchJobItem], costGuard: CostGuard, tags: [String: String])
        async throws -> [Int: BudgetReservation]
    {
        var holds: [Int: BudgetReservation] = [:]
        do {
            for index in items.indices {
                guard items[index].isPending, items[index].sameAs == nil, let sent = items[index].sent else { continue }
                let price = try costGuard.pricing.price(for: sent.model)
                let estimate = try CostEstimate(
                    request: sent, price: price, estimator: costGuard.estimator, batch: true)
                items[index].estimate = estimate.cost
                holds[index] = try await costGuard.gate.reserve(estimate.cost, tags: tags)
            }
        } catch {
            await cancelHolds(holds)
            throw error
        }
        return holds
    }

    /// Releases `holds` unbooked.
    func cancelHolds(_ holds: [Int: BudgetReservation]) async {
        guard let gate = costGuard?.gate else { return }
        for hold in holds.values { await gate.cancel(hold) }
    }

    /// Writes `job` to the store.
    func saveBatchJob(_ job: BatchJob) async throws {
        try await store.saveBatch(job.stored(at: store.clock.now()))
    }

    /// The job `id` from the store.
    func loadBatchJob(_ id: String) async throws -> BatchJob {
        guard let stored = try await store.batch(id: id) else { throw BatchRequestError.unknown(id) }
        return try BatchJob(stored)
    }
}
