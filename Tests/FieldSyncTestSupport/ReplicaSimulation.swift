import FieldSyncShared

/// Several replicas editing a few records and exchanging their states, for convergence tests.
///
/// Every replica has its own `ReplicaID` and counter and holds `[RecordID: RecordState]`,
/// like an agent's database. The operations are local writes, deletes and settlements
/// (each takes a new dot from the replica's counter) and exchanges (one replica's state
/// of a record, or of every record, merged into another's). `step()` picks one at random
/// from the seed; the named methods make hand-written scenarios.
///
/// Every local write is logged with the fields it wrote and the writer's context right
/// after it, so `violations(replica:)` can check that no write was lost: each written
/// value still stands, or was replaced by a write that had seen it.
///
/// ```swift
/// var simulation = ReplicaSimulation(seed: 7)
/// simulation.run(operations: 60)
/// let converged = simulation.syncUntilQuiet()   // not inside #expect: it mutates
/// #expect(converged, "seed 7")
/// #expect(simulation.violations(replica: 0).isEmpty, "seed 7")
/// ```
public struct ReplicaSimulation: Sendable {
    /// One replica: its id, its counter, and its state of every record it has heard of.
    public struct Replica: Sendable, Equatable {
        /// The replica's id, drawn from the seed.
        public let id: ReplicaID
        /// The counter of the replica's last write (to any record).
        public internal(set) var counter: UInt64
        /// Only non-empty states are kept.
        public internal(set) var records: [RecordID: RecordState]

        mutating func nextDot() -> Dot {
            counter += 1
            return Dot(replica: id, counter: counter)
        }
    }

    /// The seed every random choice comes from.
    public let seed: UInt64
    /// The replicas, addressed by index in every operation.
    public internal(set) var replicas: [Replica]
    /// The records, addressed by index in every operation.
    public let recordIDs: [RecordID]
    /// The pool random writes draw field names from: small, so that conflicts happen often.
    public let fieldNames: [String]
    /// Every local write, in the order it was made.
    public internal(set) var log: [LoggedWrite] = []
    /// Every operation, in order, for failure messages.
    public internal(set) var steps: [Step] = []
    /// Counts of what happened, to check that a run exercised what it should.
    public internal(set) var statistics = Statistics()

    var random: SplitMix64
    var logIndex: [Dot: Int] = [:]
    /// States sent but perhaps not yet delivered: redelivered late, out of order and repeatedly.
    var inFlight: [Message] = []

    /// `replicaCount` replicas with random ids and `recordCount` records, everything drawn from `seed`.
    public init(
        seed: UInt64, replicaCount: Int = 5, recordCount: Int = 3,
        fieldNames: [String] = ["name", "phone", "status", "note"]
    ) {
        precondition(replicaCount >= 2 && recordCount >= 1 && !fieldNames.isEmpty)
        var random = SplitMix64(seed: seed)
        var ids = RecordIDGenerator()
        self.seed = seed
        self.replicas = (0..<replicaCount).map { _ in
            Replica(id: ReplicaID.random(using: &random), counter: 0, records: [:])
        }
        self.recordIDs = (0..<recordCount).map { _ in ids.next(now: 1_764_230_400_000, using: &random) }
        self.fieldNames = fieldNames
        self.random = random
    }

    /// Replica `replica`'s state of record number `record`; empty if it has never heard of it.
    public func state(replica: Int, record: Int) -> RecordState {
        replicas[replica].records[recordIDs[record]] ?? RecordState()
    }

    /// The logged write named by `dot`, if a replica of this simulation made it.
    public func write(named dot: Dot) -> LoggedWrite? { logIndex[dot].map { log[$0] } }

    // MARK: Local operations

    /// Replica `replica` writes `changes` to record `record` with a new dot, which it returns.
    @discardableResult
    public mutating func write(replica: Int, record: Int, changes: [String: JSONValue]) -> Dot {
        let dot = replicas[replica].nextDot()
        update(replica: replica, record: record) { $0.write(changes, dot: dot) }
        finishWrite(replica: replica, record: record, dot: dot)
        statistics.writes += 1
        steps.append(.write(replica: replica, record: record, fields: changes.keys.sorted()))
        return dot
    }

    /// Replica `replica` deletes record `record` with a new dot, which it returns.
    @discardableResult
    public mutating func delete(replica: Int, record: Int) -> Dot {
        let dot = replicas[replica].nextDot()
        update(replica: replica, record: record) { $0.delete(dot: dot) }
        finishWrite(replica: replica, record: record, dot: dot)
        statistics.deletes += 1
        steps.append(.delete(replica: replica, record: record))
        return dot
    }

    /// Replica `replica` settles the conflict on `field` of record `record`, having seen every
    /// value standing there; returns the settlement's dot. Throws, changing nothing, as `settle` does.
    @discardableResult
    public mutating func settle(
        replica: Int, record: Int, field: String, choice: SettlementChoice
    ) throws(SettleError) -> Dot {
        var state = self.state(replica: replica, record: record)
        let seen = Set(state.standing(field).map(\.dot))
        let wasDeleted = state.isDeleted
        let dot = Dot(replica: replicas[replica].id, counter: replicas[replica].counter + 1)
        let settlement = Settlement(by: "replica \(replica)", at: "2026-11-27T10:00:00+08:00", reason: "simulated")
        try state.settle(field: field, choice: choice, seen: seen, settlement: settlement, dot: dot)
        _ = replicas[replica].nextDot()
        replicas[replica].records[recordIDs[record]] = state
        finishWrite(replica: replica, record: record, dot: dot)
        statistics.settlements += 1
        if wasDeleted && !state.isDeleted { statistics.restores += 1 }
        let kept: Bool
        if case .keep = choice { kept = true } else { kept = false }
        steps.append(.settle(replica: replica, record: record, field: field, kept: kept))
        return dot
    }

    // MARK: Exchanges

    /// Merges replica `from`'s state of record `record` (of every record when `nil`) into replica `to`'s.
    /// Returns whether `to` changed. What was sent may be delivered again later by `redeliver()`.
    @discardableResult
    public mutating func exchange(from: Int, to: Int, record: Int? = nil) -> Bool {
        let records = record.map { [$0] } ?? Array(recordIDs.indices)
        var changed = false
        for index in records {
            guard let state = replicas[from].records[recordIDs[index]] else { continue }
            if merge(state, into: to, record: index) { changed = true }
            remember(Message(from: from, to: to, record: index, state: state))
        }
        statistics.exchanges += 1
        steps.append(.exchange(from: from, to: to, record: record))
        return changed
    }

    /// Merges `state` into replica `to`'s state of record `record`; returns whether it changed.
    @discardableResult
    public mutating func merge(_ state: RecordState, into to: Int, record: Int) -> Bool {
        let id = recordIDs[record]
        let before = replicas[to].records[id]
        if before == state { return false }
        var merged = before ?? RecordState()
        merged.merge(state)
        if merged == before { return false }
        replicas[to].records[id] = merged
        return true
    }

    // MARK: Bookkeeping

    mutating func update(replica: Int, record: Int, _ change: (inout RecordState) -> Void) {
        var state = self.state(replica: replica, record: record)
        change(&state)
        replicas[replica].records[recordIDs[record]] = state
    }

    /// Logs the write named `dot`: the fields that now hold it, and the context after it.
    mutating func finishWrite(replica: Int, record: Int, dot: Dot) {
        let state = self.state(replica: replica, record: record)
        let written = state.fields.compactMapValues { pairs in pairs.first { $0.dot == dot }?.value }
        logIndex[dot] = log.count
        log.append(LoggedWrite(dot: dot, record: record, fields: written, context: state.context))
    }

    mutating func remember(_ message: Message) {
        if inFlight.count < 24 {
            inFlight.append(message)
        } else {
            inFlight[Int.random(in: 0..<inFlight.count, using: &random)] = message
        }
    }
}

/// One local write as the writer made it.
public struct LoggedWrite: Sendable, Hashable {
    /// The write's name.
    public let dot: Dot
    /// The index of the record written, in `ReplicaSimulation.recordIDs`.
    public let record: Int
    /// What the write put in each field it wrote (a delete's tombstones and `_deleted` included).
    public let fields: [String: FieldValue]
    /// The writer's context of the record right after the write: every write it had seen.
    public let context: VersionVector
}

/// A state sent from one replica to another, kept so it can be delivered again, late.
struct Message: Sendable {
    let from: Int
    let to: Int
    let record: Int
    let state: RecordState
}
