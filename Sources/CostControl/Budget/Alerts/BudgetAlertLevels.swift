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
        /// The cost tag whose cap it is; `nil` for the caps of every call.
        var tag: CostTag?
    }

    private let levels: [Level]
    /// The levels already raised, by scope and level.
    private var raised: Set<String> = []

    /// The levels of `limits`: each alert threshold of each hard cap, and each soft cap, overall and of each
    /// cost tag.
    init(_ limits: BudgetLimits) {
        let shares = Set(limits.alertThresholds.filter { $0.isFinite && $0 > 0 }).sorted()
        func levels(
            daily: MicroDollars?, run: MicroDollars?, softDaily: MicroDollars?, softRun: MicroDollars?, tag: CostTag?
        ) -> [Level] {
            var levels: [Level] = []
            for (cap, limit) in [(BudgetAlert.Cap.daily, daily), (.run, run)] {
                guard let limit else { continue }
                for share in shares {
                    let amount = MicroDollars(Int64(saturating: (Double(limit.rawValue) * share).rounded(.up)))
                    levels.append(
                        Level(cap: cap, soft: false, threshold: share, amount: amount, limit: limit, tag: tag))
                }
            }
            for (cap, limit) in [(BudgetAlert.Cap.daily, softDaily), (.run, softRun)] {
                guard let limit else { continue }
                levels.append(Level(cap: cap, soft: true, threshold: nil, amount: limit, limit: limit, tag: tag))
            }
            return levels
        }
        var all = levels(
            daily: limits.dailyCap, run: limits.runCap, softDaily: limits.softDailyCap, softRun: limits.softRunCap,
            tag: nil)
        for (tag, caps) in limits.tagCaps.sorted(by: { $0.key < $1.key }) {
            all += levels(
                daily: caps.dailyCap, run: caps.runCap, softDaily: caps.softDailyCap, softRun: caps.softRunCap,
                tag: tag)
        }
        self.levels = all
    }

    /// Whether any level is watched.
    var isEmpty: Bool { levels.isEmpty }

    /// Whether any level of `cap` (of `tag`, or of every call for `nil`) is watched.
    func watches(_ cap: BudgetAlert.Cap, tag: CostTag?) -> Bool {
        levels.contains { $0.cap == cap && $0.tag == tag }
    }

    /// The alerts `cap`'s spend (of `tag`, or of every call for `nil`) raises by going from `before` to
    /// `after` in `scope`, each once per scope.
    mutating func crossed(
        _ cap: BudgetAlert.Cap, tag: CostTag? = nil, from before: MicroDollars, to after: MicroDollars,
        scope: String, at: Date
    ) -> [BudgetAlert] {
        var alerts: [BudgetAlert] = []
        for level in levels
        where level.cap == cap && level.tag == tag && before < level.amount && after >= level.amount {
            let key = "\(scope)|\(level.soft ? "soft" : "hard")|\(level.amount.rawValue)"
            guard raised.insert(key).inserted else { continue }
            alerts.append(
                BudgetAlert(
                    cap: cap, soft: level.soft, threshold: level.threshold, level: level.amount, limit: level.limit,
                    spent: after, scope: scope, at: at, tag: tag))
        }
        return alerts
    }

    /// The scope of a tag's daily levels on `day`: `day:2026-12-01|tag:feature=search`.
    static func dayScope(_ day: UTCDay, tag: CostTag?) -> String {
        tag.map { "day:\(day)|tag:\($0)" } ?? "day:\(day)"
    }

    /// The scope of a tag's run levels: `run|tag:feature=search`.
    static func runScope(tag: CostTag?) -> String {
        tag.map { "run|tag:\($0)" } ?? "run"
    }
}
