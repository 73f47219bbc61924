import CacheStorage
import CostControl
import Foundation
import LLMCore

/// Today's spend against the budget caps of a proxy configuration, overall and per cost tag, for
/// `cachectl stats --config`. The alerts are the levels today's spend has reached (the proxy raises each
/// once a day); run caps count per proxy process, so only their amounts are shown.
struct BudgetReport: Encodable {
    /// One row: the caps of every call, or of one cost tag.
    struct Line: Encodable {
        /// The cost tag, `nil` for the caps of every call.
        var tag: String?
        var spentToday: MicroDollars
        var dailyCap: MicroDollars?
        var softDailyCap: MicroDollars?
        var runCap: MicroDollars?
        var softRunCap: MicroDollars?
        /// The daily levels reached: `50%`, `80%`, `100%`, `soft`.
        var alerts: [String]

        /// What is left under the daily cap today (zero when passed).
        var remainingToday: MicroDollars? { dailyCap.map { max(.zero, $0 - spentToday) } }

        enum CodingKeys: String, CodingKey {
            case tag, alerts
            case spentTodayMicros = "spent_today_micros"
            case spentTodayUSD = "spent_today_usd"
            case dailyCapMicros = "daily_cap_micros"
            case remainingTodayMicros = "remaining_today_micros"
            case softDailyCapMicros = "soft_daily_cap_micros"
            case runCapMicros = "run_cap_micros"
            case softRunCapMicros = "soft_run_cap_micros"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(tag, forKey: .tag)
            try container.encode(spentToday.rawValue, forKey: .spentTodayMicros)
            try container.encode(Formatting.usd(micros: spentToday.rawValue), forKey: .spentTodayUSD)
            try container.encode(dailyCap?.rawValue, forKey: .dailyCapMicros)
            try container.encode(remainingToday?.rawValue, forKey: .remainingTodayMicros)
            try container.encode(softDailyCap?.rawValue, forKey: .softDailyCapMicros)
            try container.encode(runCap?.rawValue, forKey: .runCapMicros)
            try container.encode(softRunCap?.rawValue, forKey: .softRunCapMicros)
            try container.encode(alerts, forKey: .alerts)
        }
    }

    /// The configuration file the caps come from.
    var config: String
    /// Today, in the caps' time zone.
    var day: String
    /// The caps of every call (when any is set), then each cost tag's, by tag.
    var lines: [Line]

    enum CodingKeys: String, CodingKey {
        case config, day
        case lines = "caps"
    }

    /// Reads today's spend of every capped scope of `limits` from `store`.
    static func read(
        limits: BudgetLimits, config: String, from store: any CacheStorage, now: Date = Date()
    ) async throws -> BudgetReport {
        let day = UTCDay(now, timeZone: limits.dayTimeZone)
        let interval = day.interval(timeZone: limits.dayTimeZone)
        func alerts(_ spent: MicroDollars, _ tag: CostTag?) -> [String] {
            limits.dailyAlertsReached(spent: spent, tag: tag, day: day, at: now).map(\.levelLabel)
        }
        var lines: [Line] = []
        if limits.dailyCap != nil || limits.softDailyCap != nil || limits.runCap != nil || limits.softRunCap != nil {
            let spent = try await store.ledgerSpent(from: interval.start, to: interval.end)
            lines.append(
                Line(
                    tag: nil, spentToday: spent, dailyCap: limits.dailyCap, softDailyCap: limits.softDailyCap,
                    runCap: limits.runCap, softRunCap: limits.softRunCap, alerts: alerts(spent, nil)))
        }
        for (tag, caps) in limits.tagCaps.sorted(by: { $0.key < $1.key }) {
            let spent = try await store.ledgerSpent(from: interval.start, to: interval.end, tag: tag)
            lines.append(
                Line(
                    tag: "\(tag)", spentToday: spent, dailyCap: caps.dailyCap, softDailyCap: caps.softDailyCap,
                    runCap: caps.runCap, softRunCap: caps.softRunCap, alerts: alerts(spent, tag)))
        }
        return BudgetReport(config: config, day: "\(day)", lines: lines)
    }

    /// The text form: one row per cap scope.
    var rendered: String {
        guard !lines.isEmpty else { return "Budget: no caps in \(config)." }
        var table = TextTable([
            ("Budget", .left), ("Spent today", .right), ("Daily cap", .right), ("Left today", .right),
            ("Soft daily", .right), ("Run cap", .right), ("Soft run", .right), ("Alerts today", .left),
        ])
        func money(_ amount: MicroDollars?) -> String { amount.map { Formatting.money(micros: $0.rawValue) } ?? "-" }
        for line in lines {
            table.append([
                line.tag ?? "all calls", money(line.spentToday), money(line.dailyCap), money(line.remainingToday),
                money(line.softDailyCap), money(line.runCap), money(line.softRunCap),
                line.alerts.isEmpty ? "-" : line.alerts.joined(separator: ", "),
            ])
        }
        var text = "Budget on \(day) (caps from \(config)):\n" + table.rendered
        if lines.contains(where: { $0.runCap != nil || $0.softRunCap != nil }) {
            text +=
                "\nRun caps count per proxy process (see its /metrics: llmcache_budget_spent_usd, "
                + "llmcache_budget_tag_spent_usd)."
        }
        return text
    }
}
