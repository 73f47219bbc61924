import LLMCore

/// A provider answer with what it cost.
public struct CostedResponse: Sendable, Hashable {
    /// The answer.
    public var response: LLMResponse
    /// The cost record of the successful attempt.
    public var record: CostRecord
    /// Cost records of every billed attempt, failed ones included, in order.
    public var attemptRecords: [CostRecord]
    /// Attempts made, the successful one included.
    public var attempts: Int
    /// What the guard's ``TokenLimits`` changed in the request before sending it; `nil` when nothing.
    public var tokenAdjustment: TokenAdjustment? = nil

    /// The cost of every billed attempt together.
    public var totalCost: MicroDollars { attemptRecords.reduce(.zero) { $0 + $1.cost } }
}
