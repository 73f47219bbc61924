import CacheStorage
import CostControl
import Foundation
import LLMCore

extension CachedClient {
    /// Where the batch job `id` stands; asks the provider, when `askingProvider` and its results are not
    /// collected yet. Without asking, it is what the store holds.
    /// - Throws: ``BatchRequestError`` for an unknown id; the provider's errors.
    public func batchStatus(id: String, askingProvider: Bool = true) async throws -> BatchProgress {
        let job = try await loadBatchJob(id)
        guard askingProvider, job.status != .complete, let providerID = job.providerBatchID else {
            return job.progress()
        }
        let transport = try batchTransport(for: job)
        return job.progress(providerStatus: try await transport.batchStatus(id: providerID))
    }

    /// Asks the provider to cancel the batch job `id`. Items it has not processed end as cancelled (failed
    /// with ``BatchItemFailure/Kind/canceled``, never stored); collect the job with
    /// ``batchResults(id:polling:)`` as usual to get the answers it did give. A complete job is left as it is.
    /// - Throws: ``BatchRequestError`` for an unknown id; the provider's errors.
    @discardableResult
    public func cancelBatch(id: String) async throws -> BatchProgress {
        let job = try await loadBatchJob(id)
        guard job.status != .complete, let providerID = job.providerBatchID else { return job.progress() }
        let transport = try batchTransport(for: job)
        let status = try await transport.cancelBatch(id: providerID)
        logger.info("batch cancel requested", metadata: ["job": "\(id)", "provider_batch": "\(providerID)"])
        return job.progress(providerStatus: status)
    }

    /// The newest `limit` batch jobs in the store, newest first.
    public func batchJobs(limit: Int = 20) async throws -> [BatchProgress] {
        try await store.batches(limit: limit).map { try BatchJob($0).progress() }
    }

    /// Every answer of the batch job `id`, in the order of its requests: waits (polling as `polling` says)
    /// until the provider has ended the batch, then collects its results once: each answer is priced at the
    /// batch rates (booked in the ledger with the tag `batch`), stored in the caches unless the request may
    /// not be, and kept in the job. A job already collected answers at once from the store.
    ///
    /// Expired, cancelled and errored items are reported as ``BatchAnswer/Outcome/failed(_:)`` and never
    /// stored; their reservations are released.
    /// - Throws: ``BatchRequestError`` for an unknown id; ``BatchTimeoutError`` when the batch does not end
    ///   within the polling timeout (the job stays; call again later); the provider's permanent errors.
    public func batchResults(id: String, polling: BatchPolling = BatchPolling()) async throws -> [BatchAnswer] {
        var job = try await loadBatchJob(id)
        if job.status != .complete {
            let transport = try batchTransport(for: job)
            guard let providerID = job.providerBatchID else {
                throw BatchRequestError(
                    "batch job \(id) was never submitted (the process stopped before the provider answered); "
                        + "submit its requests again")
            }
            try await waitForBatch(job, providerID: providerID, transport: transport, polling: polling)
            job = try await batchHolds.exclusively(id) { [self] in
                // Another task may have collected it while this one waited.
                let current = try await loadBatchJob(id)
                guard current.status != .complete else { return current }
                let results = try await transport.batchResults(id: providerID)
                let collected = await collect(current, results)
                try await saveBatchJob(collected)
                return collected
            }
        }
        return job.items.map { answer(for: $0, in: job) }
    }

    private func batchTransport(for job: BatchJob) throws -> any LLMBatchTransport {
        guard let transport = upstream as? any LLMBatchTransport else { throw BatchRequestError.unsupportedUpstream }
        if let provider = transport.provider, provider != job.provider {
            throw BatchRequestError(
                "batch job \(job.id) went to \(job.provider), but this client's upstream is \(provider); "
                    + "collect it with a client of that provider")
        }
        return transport
    }

    /// Polls the provider until the batch has ended; transient failures of a poll are logged and polled
    /// again.
    private func waitForBatch(
        _ job: BatchJob, providerID: String, transport: any LLMBatchTransport, polling: BatchPolling
    ) async throws {
        let clock = ContinuousClock()
        let deadline = polling.timeout.map { clock.now.advanced(by: $0) }
        var interval = max(polling.initialInterval, .milliseconds(1))
        var last: ProviderBatchStatus?
        while true {
            do {
                let status = try await transport.batchStatus(id: providerID)
                if status.ended { return }
                last = status
            } catch let error as ProviderError where error.transience == .transient {
                logger.warning(
                    "polling a batch failed; polling again", metadata: ["job": "\(job.id)", "error": "\(error)"])
            }
            if let deadline, clock.now.advanced(by: interval) > deadline {
                throw BatchTimeoutError(progress: job.progress(providerStatus: last))
            }
            try await Task.sleep(for: interval)
            interval = polling.next(after: interval)
        }
    }

    /// `job` with the provider's `results` taken in: answers priced and stored, failures recorded, the
    /// reservations settled or released.
    func collect(_ job: BatchJob, _ results: [BatchItemResult]) async -> BatchJob {
        var job = job
        let byID = Dictionary(results.map { ($0.customID, $0.outcome) }, uniquingKeysWith: { first, _ in first })
        let holds = await batchHolds.take(job.id)
        let controls = job.controls.cacheControls
        let now = store.clock.now()
        for index in job.items.indices where job.items[index].isPending && job.items[index].sameAs == nil {
            let item = job.items[index]
            let failure: BatchItemFailure
            switch byID[item.customID] {
            case .succeeded(let response)?:
                let cost = await bookBatchCost(response, item: item, job: job, hold: holds[index], at: now)
                job.items[index].state = .answered(response: response, cost: cost)
                if item.storable, let call = await storingCall(for: item.request, controls: controls) {
                    await storeAnswer(response, request: item.request, call, controls: controls, cost: cost)
                }
                continue
            case .errored(let error)?:
                let status: Int? = if case .http(let code) = error.kind { code } else { nil }
                failure = BatchItemFailure(kind: .errored, message: error.message, status: status)
            case .expired?:
                failure = BatchItemFailure(kind: .expired, message: "the provider's completion window ran out")
            case .canceled?:
                failure = BatchItemFailure(kind: .canceled, message: "the batch was cancelled")
            case nil:
                failure = BatchItemFailure(kind: .missing, message: "the provider reported no result for the item")
            }
            job.items[index].state = .failed(failure)
            if let hold = holds[index], let gate = costGuard?.gate { await gate.cancel(hold) }
        }
        // Identical requests share their leader's answer (or failure).
        for index in job.items.indices {
            guard let leader = job.items[index].sameAs, job.items.indices.contains(leader) else { continue }
            switch job.items[leader].state {
            case .answered(let response, let cost):
                job.items[index].state = .cached(
                    BatchJobHit(
                        sharing: response, key: try? CacheKey(job.items[index].request).hex, saved: cost))
            case .cached(let hit):
                job.items[index].state = .cached(hit)
            case .failed(let failure):
                job.items[index].state = .failed(failure)
            case .pending:
                job.items[index].state = .failed(
                    BatchItemFailure(kind: .missing, message: "the identical request it shares had no result"))
            }
        }
        job.status = .complete
        let progress = job.progress()
        logger.info(
            "batch collected",
            metadata: [
                "job": "\(job.id)", "answered": "\(progress.answered)", "failed": "\(progress.failed)",
                "cache_hits": "\(progress.cacheHits)",
            ])
        return job
    }

    /// Prices an answer at the batch rates and books it against the budget (settling its reservation, or
    /// booking it when the reservation is not this process's); returns the cost.
    private func bookBatchCost(
        _ response: LLMResponse, item: BatchJobItem, job: BatchJob, hold: BudgetReservation?, at now: Date
    ) async -> MicroDollars? {
        guard let costGuard else {
            let table = pricer as? PricingTable
            return table?.resolve(response.model)?.cost(of: response.usage, batch: true) ?? price(response)
        }
        guard let row = costGuard.pricing.resolve(response.model) ?? costGuard.pricing.resolve(item.sentModel ?? "")
        else {
            logger.warning("a batch answer's model has no price; not booked", metadata: ["model": "\(response.model)"])
            if let hold { await costGuard.gate.cancel(hold) }
            return nil
        }
        var tags = job.controls.costTags
        tags["batch"] = job.id
        let record = CostRecord.priced(response.usage, by: row, tags: tags, timestamp: now, batch: true)
        if let hold {
            await costGuard.gate.settle(hold, with: record)
        } else {
            await costGuard.gate.book(record, estimated: item.estimate)
        }
        return record.cost
    }

    /// The pending call that stores an answer to `request`: its key and what each layer adds to the entry
    /// (the semantic layer's vector), without looking anything up.
    func storingCall(for request: LLMRequest, controls: CacheControls) async -> PendingCall? {
        let taking = layers.filter {
            if case .takesPart = $0.participation(in: request, controls: controls) { return true }
            return false
        }
        guard !taking.isEmpty, let key = try? CacheKey(request) else { return nil }
        let namespace = controls.namespace ?? configuration.defaultNamespace
        let call = LayerCall(request: request, key: key, namespace: namespace, controls: controls)
        var contributions: [LayerContribution] = []
        for layer in taking {
            switch try? await layer.lookUp(call, serve: false, bookkeeping: bookkeeping) {
            case .skipped(let contribution?)?, .missed(let contribution?)?: contributions.append(contribution)
            default: break
            }
        }
        return PendingCall(
            key: key, namespace: namespace, contributions: contributions,
            exactAllowed: taking.contains { $0.layer == .exact })
    }

    /// The answer of one item of a job.
    private func answer(for item: BatchJobItem, in job: BatchJob) -> BatchAnswer {
        let namespace = job.controls.namespace
        switch item.state {
        case .cached(let hit):
            return BatchAnswer(
                index: item.index, customID: item.customID, request: item.request,
                outcome: .cacheHit(hit.answer(namespace: namespace)))
        case .answered(let response, let cost):
            let key = item.storable ? try? CacheKey(item.request) : nil
            let metadata = CacheMetadata(
                layer: .none, outcome: item.storable ? .miss : .bypass, key: key, namespace: namespace,
                bypassReason: item.storable ? nil : "the request may not be cached", cost: cost)
            return BatchAnswer(
                index: item.index, customID: item.customID, request: item.request,
                outcome: .batchResult(CachedResponse(response: response, cache: metadata)))
        case .failed(let failure):
            return BatchAnswer(
                index: item.index, customID: item.customID, request: item.request, outcome: .failed(failure))
        case .pending:
            return BatchAnswer(
                index: item.index, customID: item.customID, request: item.request,
                outcome: .failed(BatchItemFailure(kind: .missing, message: "the item's result was not collected")))
        }
    }
}
