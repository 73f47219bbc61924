import CostControl

/// The budget reservations of the batch jobs this client submitted and has not collected, and which jobs
/// are being collected now: one owner, so that a job's holds are settled once and a job is collected by one
/// task of the process at a time.
actor BatchHolds {
    private var holds: [String: [Int: BudgetReservation]] = [:]
    private var collecting: Set<String> = []
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Keeps `reservations` (by item index) for job `id`.
    func keep(_ reservations: [Int: BudgetReservation], for id: String) {
        guard !reservations.isEmpty else { return }
        holds[id, default: [:]].merge(reservations) { _, new in new }
    }

    /// Takes the reservations of job `id`: the caller settles or cancels each.
    func take(_ id: String) -> [Int: BudgetReservation] {
        holds.removeValue(forKey: id) ?? [:]
    }

    /// Runs `body` while no other task of this process collects job `id`.
    func exclusively<T: Sendable>(_ id: String, _ body: @Sendable () async throws -> T) async throws -> T {
        while collecting.contains(id) {
            await withCheckedContinuation { waiters[id, default: []].append($0) }
        }
        collecting.insert(id)
        defer {
            collecting.remove(id)
            for waiter in waiters.removeValue(forKey: id) ?? [] { waiter.resume() }
        }
        return try await body()
    }
}
