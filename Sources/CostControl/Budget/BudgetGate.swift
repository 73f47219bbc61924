import Foundation
import LLMCore
import Logging

/// Reserves money for a call before it is made and settles it with the real cost afterwards, refusing any
/// call whose estimate could overspend a cap.
///
/// Reservation is atomic: the check of every cap and the increase of the reserved amount happen in one
/// actor turn with no suspension in between, so concurrent calls can never pass a cap together. A cap holds
/// exactly when real costs do not exceed their estimates; estimates reserve the request's full
/// `max_tokens` of output, so only an under-estimated input can push a settled total past a cap (this is
/// logged, and every later call is then refused).
///
/// The daily cap counts what the ``CostLedger`` holds for the day, read once per day (and again after
/// midnight), plus what this gate settles since. Every settled record is appended to the ledger. Settling
/// never fails the call that was already paid for: a record the ledger (or a shared settlement the shared
/// budget) cannot take now is kept in memory, counted, and written before the next one (see
/// ``writeOutstanding()``).
///
/// The caps of cost tags (``BudgetLimits/tagCaps``) work the same way for the calls that carry each tag: a
/// reservation made with ``reserve(_:tags:)`` is checked against every cap that applies, overall and per tag,
/// and holds all of them or none; a tag's daily spend is counted from the ledger's records with that tag.
///
/// With a ``SharedBudget`` (several processes spending from one budget), the daily caps (overall and per
/// tag), and the run caps when ``BudgetLimits/sharedRunName`` names the run, are held in the shared budget
/// instead, in one reservation, atomically across processes. When the shared budget cannot be reached, calls
/// are refused (the cap cannot be checked); they go through again once it answers.
public actor BudgetGate {
    /// The caps in force.
    public let limits: BudgetLimits
    let ledger: (any CostLedger)?
    let shared: (any SharedBudget)?
    private let now: @Sendable () -> Date
    let logger: Logger
    /// Where raised alerts are handed, in the background.
    let alertSinks: [any BudgetAlertSink]
    private var alertLevels: BudgetAlertLevels
    /// Alerts raised, by cap and level label (`daily/80%`, `run/soft`).
    private var alertCounts: [String: Int] = [:]
    /// Alerts of cost tags' caps raised, by tag, then cap and level label.
    private var tagAlertCounts: [CostTag: [String: Int]] = [:]
    /// What each capped cost tag's calls spent and hold.
    private var tallies: [CostTag: TagTally] = [:]
    /// The day's total last seen through a shared ledger, for the alerts of a gate with a shared budget.
    private var sharedDayTotal: (day: UTCDay, total: MicroDollars)?

    private var killSwitchEngaged = false
    private var runSpent: MicroDollars = .zero
    private var runReserved: MicroDollars = .zero
    private var loadedDay: UTCDay?
    private var daySpent: MicroDollars = .zero
    private var dayReserved: [UTCDay: MicroDollars] = [:]
    private var open: [UInt64: BudgetReservation] = [:]
    /// Records and shared settlements not yet written, oldest first.
    var outstanding = OutstandingWrites()
    private var nextID: UInt64 = 1
    private var ledgerBusy = false
    private var ledgerWaiters: [CheckedContinuation<Void, Never>] = []

    /// A gate enforcing `limits`, counting the daily cap from `ledger` (required for a daily cap to survive
    /// a restart), reading time from `now`.
    ///
    /// - Parameters:
    ///   - limits: the caps to enforce.
    ///   - ledger: where settled costs are recorded and the day's spend is read back from.
    ///   - shared: holds the daily cap (and a named run's cap) across processes.
    ///   - now: the time, for the UTC day a cost counts against.
    ///   - logger: where refusals, ledger failures and alerts are logged.
    ///   - alertSinks: where each raised ``BudgetAlert`` is also handed (for example a webhook), in the
    ///     background: a slow or failing sink never delays or fails a call.
    public init(
        limits: BudgetLimits, ledger: (any CostLedger)? = nil, shared: (any SharedBudget)? = nil,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "llmcache.cost.budget"),
        alertSinks: [any BudgetAlertSink] = []
    ) {
        self.limits = limits
        self.ledger = ledger
        self.shared = shared
        self.now = now
        self.logger = logger
        self.alertSinks = alertSinks
        self.alertLevels = BudgetAlertLevels(limits)
    }

    /// How many alerts of the caps of every call this gate has raised, by cap and level label (`daily/80%`,
    /// `run/soft`).
    public var raisedAlerts: [String: Int] { alertCounts }

    /// How many alerts of cost tags' caps this gate has raised, by tag, then cap and level label
    /// (`daily/80%`, `run/soft`).
    public var raisedTagAlerts: [CostTag: [String: Int]] { tagAlertCounts }

    /// Refuses every call from now on, until ``disengageKillSwitch()``.
    public func engageKillSwitch() {
        killSwitchEngaged = true
        logger.warning("budget kill switch engaged")
    }

    /// Lets calls through again after ``engageKillSwitch()``.
    public func disengageKillSwitch() {
        killSwitchEngaged = false
        logger.notice("budget kill switch disengaged")
    }

    /// Whether the kill switch is engaged, by ``engageKillSwitch()`` or by ``BudgetLimits/killSwitchFile``.
    public var isKillSwitchEngaged: Bool {
        killSwitchEngaged || limits.killSwitchFile.map { FileManager.default.fileExists(atPath: $0.path) } == true
    }
    /// What this gate has settled.
    public var spentThisRun: MicroDollars { runSpent }
    /// What calls in flight hold.
    public var reservedNow: MicroDollars { runReserved }

    /// What has been spent today (ledger plus this gate's settlements).
    public func spentToday() async throws -> MicroDollars {
        let day = UTCDay(now(), timeZone: limits.dayTimeZone)
        try await loadDay(day)
        return loadedDay == day ? daySpent : .zero
    }

    /// What calls tagged `tag` have spent today (ledger plus this gate's settlements); `tag` must have caps
    /// in ``BudgetLimits/tagCaps``, else this is zero.
    public func spentToday(tag: CostTag) async throws -> MicroDollars {
        let day = UTCDay(now(), timeZone: limits.dayTimeZone)
        try await loadDay(day)
        return loadedDay == day ? tallies[tag]?.daySpent ?? .zero : .zero
    }

    /// What this gate has settled for calls tagged `tag` (a tag with caps in ``BudgetLimits/tagCaps``).
    public func spentThisRun(tag: CostTag) -> MicroDollars { tallies[tag]?.runSpent ?? .zero }

    /// Holds `estimate` against every cap, or throws ``BudgetExceededError`` naming the first cap it would break.
    /// A negative estimate is taken as zero. The caps of cost tags do not apply: see ``reserve(_:tags:)``.
    public func reserve(_ estimate: MicroDollars) async throws -> BudgetReservation {
        try await reserve(estimate, tags: [:])
    }

    /// Holds `estimate` for a call tagged `tags` against every cap that applies to it (the caps of every
    /// call and those of each of its tags in ``BudgetLimits/tagCaps``), all or none, or throws
    /// ``BudgetExceededError`` naming the first cap it would break. A negative estimate is taken as zero.
    ///
    /// - Parameters:
    ///   - estimate: the money to hold.
    ///   - tags: the call's cost tags (`["feature": "search"]`), as its cost record will carry them.
    public func reserve(_ estimate: MicroDollars, tags: [String: String]) async throws -> BudgetReservation {
        let estimate = max(estimate, .zero)
        let capped = limits.cappedTags(of: tags)
        var day = UTCDay(now(), timeZone: limits.dayTimeZone)
        if limits.countsDay && shared == nil {
            try await loadDay(day)
            // Another call may have moved the gate to a newer day while this one waited: follow the clock.
            while loadedDay != day {
                day = UTCDay(now(), timeZone: limits.dayTimeZone)
                try await loadDay(day)
            }
        }
        // From here to the end: no suspension, so check and hold are one atomic step.
        if killSwitchEngaged || limits.killSwitchFile.map({ FileManager.default.fileExists(atPath: $0.path) }) == true {
            throw BudgetExceededError(
                cap: .killSwitch, spent: runSpent, reserved: runReserved, limit: .zero, estimate: estimate)
        }
        if let max = limits.perRequestMax, estimate > max {
            throw BudgetExceededError(cap: .perRequest, spent: .zero, reserved: .zero, limit: max, estimate: estimate)
        }
        let sharedCaps = self.sharedCaps(day: day, tags: capped)
        let runIsShared = sharedCaps.contains { $0.kind == .run }
        if !runIsShared, let cap = limits.runCap, runSpent + runReserved + estimate > cap {
            throw BudgetExceededError(cap: .run, spent: runSpent, reserved: runReserved, limit: cap, estimate: estimate)
        }
        let reservedToday = dayReserved[day] ?? .zero
        let spentOnDay = loadedDay == day ? daySpent : .zero
        if shared == nil, let cap = limits.dailyCap, spentOnDay + reservedToday + estimate > cap {
            throw BudgetExceededError(
                cap: .daily, spent: spentOnDay, reserved: reservedToday, limit: cap, estimate: estimate)
        }
        try checkTagCaps(capped, estimate: estimate, day: day)
        let sharedPart = sharedCaps.isEmpty ? nil : SharedReservation(amount: estimate, caps: sharedCaps)
        let reservation = BudgetReservation(id: nextID, amount: estimate, day: day, shared: sharedPart, tags: capped)
        nextID += 1
        open[reservation.id] = reservation
        runReserved += estimate
        dayReserved[day] = reservedToday + estimate
        for tag in capped { tallies[tag, default: TagTally()].hold(estimate, day: day) }
        // The local hold is in place; the shared one is atomic in the shared budget itself.
        if let shared, let sharedPart {
            let refusal: SharedCapRefusal?
            do {
                refusal = try await shared.reserve(sharedPart)
            } catch {
                release(reservation)
                logger.warning("shared budget unavailable; refusing the call", metadata: ["error": "\(error)"])
                throw error
            }
            if let refusal {
                release(reservation)
                throw BudgetExceededError(
                    cap: refusal.cap.kind, spent: refusal.spent, reserved: refusal.reserved, limit: refusal.cap.limit,
                    estimate: estimate, tag: refusal.cap.tag)
            }
        }
        return reservation
    }

    /// Throws ``BudgetExceededError`` for the first cap of `tags` that `estimate` would pass on `day`: the run
    /// caps unless the run is shared, the daily caps unless the shared budget holds them. Changes nothing.
    private func checkTagCaps(_ tags: [CostTag], estimate: MicroDollars, day: UTCDay) throws {
        let runIsShared = shared != nil && limits.sharedRunName != nil
        for tag in tags {
            guard let caps = limits.tagCaps[tag] else { continue }
            let tally = tallies[tag] ?? TagTally()
            if !runIsShared, let cap = caps.runCap, tally.runSpent + tally.runReserved + estimate > cap {
                throw BudgetExceededError(
                    cap: .tagRun, spent: tally.runSpent, reserved: tally.runReserved, limit: cap, estimate: estimate,
                    tag: tag)
            }
            let reservedToday = tally.dayReserved[day] ?? .zero
            let spentOnDay = loadedDay == day ? tally.daySpent : .zero
            if shared == nil, let cap = caps.dailyCap, spentOnDay + reservedToday + estimate > cap {
                throw BudgetExceededError(
                    cap: .tagDaily, spent: spentOnDay, reserved: reservedToday, limit: cap, estimate: estimate,
                    tag: tag)
            }
        }
    }

    /// The caps this gate holds in its shared budget on `day` for a call with the capped `tags`.
    private func sharedCaps(day: UTCDay, tags: [CostTag]) -> [SharedCap] {
        guard shared != nil else { return [] }
        var caps: [SharedCap] = []
        let interval = day.interval(timeZone: limits.dayTimeZone)
        if let cap = limits.dailyCap {
            caps.append(SharedCap(scope: "day:\(day)", limit: cap, ledgerInterval: interval, kind: .daily))
        }
        if let cap = limits.runCap, let name = limits.sharedRunName {
            caps.append(SharedCap(scope: "run:\(name)", limit: cap, ledgerInterval: nil, kind: .run))
        }
        for tag in tags {
            guard let tagCaps = limits.tagCaps[tag] else { continue }
            if let cap = tagCaps.dailyCap {
                caps.append(
                    SharedCap(
                        scope: BudgetAlertLevels.dayScope(day, tag: tag), limit: cap, ledgerInterval: interval,
                        kind: .tagDaily, tag: tag))
            }
            if let cap = tagCaps.runCap, let name = limits.sharedRunName {
                caps.append(
                    SharedCap(
                        scope: "run:\(name)|tag:\(tag)", limit: cap, ledgerInterval: nil, kind: .tagRun, tag: tag))
            }
        }
        return caps
    }

    /// Releases `reservation` and books `record` (the real cost) against the caps and the ledger.
    /// Settling an unknown or already settled reservation books the record without releasing anything.
    /// It does not fail: what the ledger or the shared budget cannot take now is written later.
    public func settle(_ reservation: BudgetReservation, with record: CostRecord) async {
        await acquireLedger()
        defer { releaseLedger() }
        // Book in memory first: the money is spent even if the ledger cannot take the record yet.
        release(reservation)
        let (runBefore, dayBefore) = (runSpent, daySpent)
        runSpent += record.cost
        let recordDay = UTCDay(record.timestamp, timeZone: limits.dayTimeZone)
        if loadedDay == recordDay { daySpent += record.cost }
        raise(alertLevels.crossed(.run, from: runBefore, to: runSpent, scope: "run", at: record.timestamp))
        if shared == nil, loadedDay == recordDay {
            raise(
                alertLevels.crossed(
                    .daily, from: dayBefore, to: daySpent, scope: "day:\(recordDay)", at: record.timestamp))
        }
        let recordTags = limits.cappedTags(of: record.tags)
        for tag in recordTags { book(record, tag: tag, day: recordDay) }
        if record.cost > reservation.amount {
            logger.warning(
                "call cost more than its estimate",
                metadata: ["model": "\(record.model)", "cost": "\(record.cost)", "estimate": "\(reservation.amount)"])
        }
        for (cap, spent) in [(limits.runCap, runSpent), (limits.dailyCap, loadedDay == recordDay ? daySpent : .zero)] {
            if let cap, spent > cap {
                logger.error("spend is over a cap", metadata: ["spent": "\(spent)", "cap": "\(cap)"])
            }
        }
        if shared != nil, let part = reservation.shared { outstanding.settlements.append((part, record.cost)) }
        if ledger != nil { outstanding.records.append(record) }
        await writeOutstandingHoldingLedger()
        if shared != nil {
            await raiseSharedDailyAlerts(day: recordDay, adding: record.cost, at: record.timestamp)
            for tag in recordTags {
                await raiseSharedDailyAlerts(day: recordDay, tag: tag, adding: record.cost, at: record.timestamp)
            }
        }
    }

    /// Books `record`, a cost that was paid without a reservation this gate still holds (for example a batch
    /// item collected by a process other than the one that reserved it, or after a restart): counted against
    /// the caps (with a shared budget, in its scopes too) and appended to the ledger like a settlement.
    /// `heldAmount` is what was estimated for it, so that only a cost above the estimate is reported as one.
    public func book(_ record: CostRecord, estimated heldAmount: MicroDollars) async {
        let day = UTCDay(record.timestamp, timeZone: limits.dayTimeZone)
        let tags = limits.cappedTags(of: record.tags)
        let caps = sharedCaps(day: day, tags: tags)
        // A shared settlement of a hold the shared budget does not know books the cost on the scopes.
        let shared = caps.isEmpty ? nil : SharedReservation(amount: .zero, caps: caps)
        await settle(BudgetReservation(id: 0, amount: heldAmount, day: day, shared: shared, tags: []), with: record)
    }

    /// Books `record` (settled on `day`) against `tag`'s tally, raising the alerts it crosses (the daily ones
    /// here only without a shared budget) and logging a cap it passes.
    private func book(_ record: CostRecord, tag: CostTag, day: UTCDay) {
        var tally = tallies[tag] ?? TagTally()
        let (runBefore, dayBefore) = (tally.runSpent, tally.daySpent)
        tally.runSpent += record.cost
        if loadedDay == day { tally.daySpent += record.cost }
        tallies[tag] = tally
        raise(
            alertLevels.crossed(
                .run, tag: tag, from: runBefore, to: tally.runSpent, scope: BudgetAlertLevels.runScope(tag: tag),
                at: record.timestamp))
        if shared == nil, loadedDay == day {
            raise(
                alertLevels.crossed(
                    .daily, tag: tag, from: dayBefore, to: tally.daySpent,
                    scope: BudgetAlertLevels.dayScope(day, tag: tag), at: record.timestamp))
        }
        let caps = limits.tagCaps[tag]
        for (cap, spent) in [
            (caps?.runCap, tally.runSpent), (caps?.dailyCap, loadedDay == day ? tally.daySpent : .zero),
        ] {
            if let cap, spent > cap {
                logger.error(
                    "spend of a cost tag is over its cap",
                    metadata: ["tag": "\(tag)", "spent": "\(spent)", "cap": "\(cap)"])
            }
        }
    }

    /// With a shared budget the day's spend is every process's: its alerts compare the shared ledger's
    /// total for `day` with the total this gate saw last, or, on the day's first settlement here, with the
    /// total before `cost` (each process raises a crossing it sees once).
    private func raiseSharedDailyAlerts(day: UTCDay, adding cost: MicroDollars, at: Date) async {
        guard !alertLevels.isEmpty, limits.dailyCap != nil || limits.softDailyCap != nil, let ledger else { return }
        guard let total = try? await ledger.totalSpent(on: day, timeZone: limits.dayTimeZone) else { return }
        let before = sharedDayTotal?.day == day ? sharedDayTotal?.total ?? .zero : total - cost
        if sharedDayTotal?.day != day || total > (sharedDayTotal?.total ?? .zero) { sharedDayTotal = (day, total) }
        raise(alertLevels.crossed(.daily, from: before, to: total, scope: "day:\(day)", at: at))
    }

    /// The same for `tag`'s daily levels, from the shared ledger's total of the records with the tag.
    private func raiseSharedDailyAlerts(day: UTCDay, tag: CostTag, adding cost: MicroDollars, at: Date) async {
        guard alertLevels.watches(.daily, tag: tag), let ledger else { return }
        guard let total = try? await ledger.totalSpent(on: day, timeZone: limits.dayTimeZone, tag: tag) else { return }
        let seen = tallies[tag]?.sharedDayTotal
        let before = seen?.day == day ? seen?.total ?? .zero : total - cost
        if seen?.day != day || total > (seen?.total ?? .zero) {
            tallies[tag, default: TagTally()].sharedDayTotal = (day, total)
        }
        raise(
            alertLevels.crossed(
                .daily, tag: tag, from: before, to: total, scope: BudgetAlertLevels.dayScope(day, tag: tag), at: at))
    }

    /// Logs, counts and hands each of `alerts` to the sinks (without waiting for them).
    private func raise(_ alerts: [BudgetAlert]) {
        for alert in alerts {
            let label = "\(alert.cap.rawValue)/\(alert.levelLabel)"
            var metadata: Logger.Metadata = [
                "cap": "\(alert.cap)", "level": "\(alert.levelLabel)", "spent": "\(alert.spent)",
                "limit": "\(alert.limit)", "scope": "\(alert.scope)",
            ]
            if let tag = alert.tag {
                tagAlertCounts[tag, default: [:]][label, default: 0] += 1
                metadata["tag"] = "\(tag)"
            } else {
                alertCounts[label, default: 0] += 1
            }
            if alert.soft || (alert.threshold ?? 1) >= 0.8 {
                logger.warning("budget alert: \(alert)", metadata: metadata)
            } else {
                logger.notice("budget alert: \(alert)", metadata: metadata)
            }
            for sink in alertSinks { Task { await sink.deliver(alert) } }
        }
    }

    /// Releases `reservation` without booking anything (the call failed and was not billed). A shared
    /// reservation that cannot be released now is released by the shared budget when it lapses.
    public func cancel(_ reservation: BudgetReservation) async {
        release(reservation)
        guard let shared, let part = reservation.shared else { return }
        do {
            try await shared.cancel(part)
        } catch {
            logger.warning("could not release a shared reservation; it lapses", metadata: ["error": "\(error)"])
        }
    }

    private func release(_ reservation: BudgetReservation) {
        guard open.removeValue(forKey: reservation.id) != nil else { return }
        runReserved -= reservation.amount
        let left = (dayReserved[reservation.day] ?? .zero) - reservation.amount
        dayReserved[reservation.day] = left > .zero ? left : nil
        for tag in reservation.tags { tallies[tag]?.release(reservation.amount, day: reservation.day) }
    }

    /// Makes `daySpent` the ledger's total for `day`. Ledger reads and appends are serialised so that a
    /// settlement is counted exactly once: either in the ledger total or added after it.
    private func loadDay(_ day: UTCDay) async throws {
        guard loadedDay != day else { return }
        await acquireLedger()
        defer { releaseLedger() }
        guard loadedDay != day else { return }
        let total = try await ledger?.totalSpent(on: day, timeZone: limits.dayTimeZone) ?? .zero
        var tagTotals: [CostTag: MicroDollars] = [:]
        for tag in limits.tagCaps.keys {
            tagTotals[tag] = try await ledger?.totalSpent(on: day, timeZone: limits.dayTimeZone, tag: tag) ?? .zero
        }
        loadedDay = day
        // Records not yet in the ledger count too.
        let unwritten = outstanding.records.filter { UTCDay($0.timestamp, timeZone: limits.dayTimeZone) == day }
        daySpent = unwritten.reduce(total) { $0 + $1.cost }
        for (tag, total) in tagTotals {
            tallies[tag, default: TagTally()].daySpent = unwritten.reduce(total) {
                $1.tags[tag.key] == tag.value ? $0 + $1.cost : $0
            }
        }
    }

    func acquireLedger() async {
        if !ledgerBusy {
            ledgerBusy = true
            return
        }
        await withCheckedContinuation { ledgerWaiters.append($0) }
    }

    func releaseLedger() {
        if ledgerWaiters.isEmpty {
            ledgerBusy = false
        } else {
            ledgerWaiters.removeFirst().resume()
        }
    }
}
