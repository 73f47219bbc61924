import CostControl
import LLMCore

/// Races reservations against budget gates, for tests of budgets shared by several stores or processes.
public enum ConcurrentReservations {
    /// Reserves `amount` `count` times at once, the calls spread round-robin over `gates`, and returns how
    /// many were granted (the others were refused with `BudgetExceededError`). Holds are kept. Each call is
    /// tagged `tags` (for the caps of cost tags).
    public static func granted(
        _ count: Int, of amount: MicroDollars, across gates: [BudgetGate], tags: [String: String] = [:]
    ) async throws -> Int {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<count {
                group.addTask {
                    do {
                        _ = try await gates[index % gates.count].reserve(amount, tags: tags)
                        return 1
                    } catch is BudgetExceededError {
                        return 0
                    }
                }
            }
            return try await group.reduce(0, +)
        }
    }
}
