import Foundation
import LLMCore

/// The spend levels one gate watches and the ones already crossed: which alerts a settlement raises.
struct BudgetAlertLevels: Sendable {
    /// One level of one cap.
    struct Level: Sendable, Hashable {
        var cap: BudgetAlert.Cap
        var soft: Bool
        var threshold: Double?
        var amount: MicroDollars
        var limit: MicroDollars
    }

    private let levels: [Level]
    /// The levels already raised, by scope and level.
    private var raised: Set<String> = []

    /// The levels of `limits`: each alert threshold of each hard cap, and each soft cap.
    init(_ limits: BudgetLimits) {
        var levels: [Level] = []
        let shares = Set(limits.alertThresholds.filter { $0.isFinite && $0 > 0 }).sorted()
        for (cap, limit) in [(BudgetAlert.Cap.daily, limits.dailyCap), (.run, limits.runCap)] {
            guard let limit else { continue }
            for share in shares {
                let amount = MicroDollars(Int64(saturating: (Double(limit.rawValue) * share).rounded(.up)))
                levels.append(Level(cap: cap, soft: false, threshold: share, amount: amount, limit: limit))
            }
        }
        for (cap, limit) in [(BudgetAlert.Cap.daily, limits.softDailyCap), (.run, limits.softRunCap)] {
            guard let limit else { continue }
            levels.append(Level(cap: cap, soft: true, threshold: nil, amount: limit, limit: limit))
        }
        self.levels = levels
    }

    /// Whether any level is watched.
    var isEmpty: Bool { levels.isEmpty }

    /// The alerts `cap`'s spend raises by going from `before` to `after` in `scope`, each once per scope.
    mutating func crossed(
        _ cap: BudgetAlert.Cap, from before: MicroDollars, to after: MicroDollars, scope: String, at: Date
    ) -> [BudgetAlert] {
        var alerts: [BudgetAlert] = []
        for level in levels where level.cap == cap && before < level.amount && after >= level.amount {
            let key = "\(scope)|\(level.soft ? "soft" : "hard")|\(level.amount.rawValue)"
            guard raised.insert(key).inserted else { continue }
            alerts.append(
                BudgetAlert(
                    cap: cap, soft: level.soft, threshold: level.threshold, level: level.amount, limit: level.limit,
                    spent: after, scope: scope, at: at))
        }
        return alerts
    }
}
