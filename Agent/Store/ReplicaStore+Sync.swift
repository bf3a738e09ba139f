import FieldSyncShared
import Foundation
import GRDB

/// A record waiting to be pushed, with the change it was read at. Its state is as stored: a
/// push passes it on without decoding it (`PushRequest.text`).
public struct PendingRecord: Sendable {
    public let record: EncodedWireRecord
    /// The record's dirty mark when read: it is marked clean only if still this after the push.
    public let dirtyMark: Int64
}

/// What applying one pulled page did.
public struct AppliedPage: Sendable {
    public var received = 0
    public var newConflicts = 0
    public var removed = 0
    /// Records that left this replica's scope but hold unsynced changes, so they were kept.
    public var keptWithChanges: [RecordID] = []
    /// Records whose copies of other replicas' writes clashed with the server's under the same
    /// dots: re-issued under this replica's id, to be pushed.
    public var untangled = 0
}

extension ReplicaStore {
    /// Up to `limit` dirty records the server has not refused, after `id` (for paging through them).
    public func pendingRecords(after id: String = "", limit: Int) throws -> [PendingRecord] {
        try translatingErrors {
            try pool.read { db in
                try Row.fetchAll(
                    db.cachedStatement(
                        sql:
                            "SELECT id, kind, state, dirty FROM record WHERE dirty > 0 AND refusal IS NULL AND id > ? ORDER BY id LIMIT ?"
                    ),
                    arguments: [id, limit]
                ).map { row in
                    guard let recordID = RecordID(row[0] as String) else {
                        throw AgentError.damagedRecordID()
                    }
                    return PendingRecord(
                        record: EncodedWireRecord(id: recordID, kind: row[1], state: row[2]), dirtyMark: row[3])
                }
            }
        }
    }

    /// The pending records among `ids`, as `pendingRecords` reads them.
    public func pendingRecords(ids: [RecordID]) throws -> [PendingRecord] {
        try translatingErrors {
            try pool.read { db in
                try RecordRow.fetchAll(db, ids: ids.map(\.description)).values
                    .filter { $0.dirty > 0 && $0.refusal == nil }
                    .sorted { $0.id < $1.id }
                    .compactMap { row in
                        RecordID(row.id).map {
                            PendingRecord(
                                record: EncodedWireRecord(id: $0, kind: row.kind, state: row.state),
                                dirtyMark: row.dirty)
                        }
                    }
            }
        }
    }

    /// The request body pushing `records`, with this process's numbering read again if a state
    /// names a replica another `fieldsync` process numbered since.
    public func pushText(replica: ReplicaID, records: [PendingRecord]) throws -> Data {
        let encoded = records.map(\.record)
        do {
            return try PushRequest.text(replica: replica, records: encoded, numbering: numbering)
        } catch is UnknownReplicaNumber {
            try translatingErrors { replicaNumbers.add(try pool.read(Self.numberRows)) }
            do {
                return try PushRequest.text(replica: replica, records: encoded, numbering: numbering)
            } catch let error as UnknownReplicaNumber {
                throw AgentError.unknownReplicaNumber(error.number)
            }
        }
    }

    /// How many records wait to be pushed and how many are in conflict: what a sync reads before
    /// and after its work. Both come from partial indexes, so a sync with nothing to do costs the
    /// same on a replica of a thousand records as on one of a million (`counts()` reads them all).
    public func syncCounts() throws -> (pending: Int, conflicts: Int) {
        try translatingErrors {
            try pool.read { db in
                let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record WHERE dirty > 0") ?? 0
                let conflicts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record WHERE has_conflicts") ?? 0
                return (pending, conflicts)
            }
        }
    }

    /// Marks pushed records clean (unless changed again meanwhile) and notes refusals, in one transaction.
    public func acknowledgePush(_ sent: [PendingRecord], results: [PushResult]) throws {
        let marks = Dictionary(sent.map { ($0.record.id, $0.dirtyMark) }, uniquingKeysWith: { first, _ in first })
        try translatingErrors {
            try pool.write { db in
                for result in results {
                    guard let mark = marks[result.id] else { continue }
                    switch result.outcome {
                    case .applied, .conflict:
                        try db.cachedStatement(
                            sql: "UPDATE record SET dirty = 0, refusal = NULL WHERE id = ? AND dirty = ?"
                        )
                        .execute(arguments: [result.id.description, mark])
                    case .rejected:
                        try db.execute(
                            sql: "UPDATE record SET refusal = ? WHERE id = ? AND dirty = ?",
                            arguments: [
                                result.reason ?? result.code ?? "refused by the server", result.id.description, mark,
                            ])
                    }
                }
            }
        }
    }

    /// Notes that the server refused these records (scope, forgery): kept, not pushed again until edited.
    public func markRefused(_ ids: [RecordID], reason: String) throws {
        try translatingErrors {
            try pool.write { db in
                for id in ids {
                    try db.execute(
                        sql: "UPDATE record SET refusal = ? WHERE id = ? AND dirty > 0",
                        arguments: [reason, id.description])
                }
            }
        }
    }

    /// Records the server refused, with why.
    public func refusedRecords() throws -> [StoredRecord] {
        try translatingErrors {
            try pool.read { db in
                try RecordRow.filter(RecordRow.Columns.refusal != nil).order(RecordRow.Columns.id).fetchAll(db).map {
                    try StoredRecord(row: $0, numbering: numbering)
                }
            }
        }
    }

    /// Notes that the server durably holds every write of this replica up to `counter`.
    public func confirmDurable(upTo counter: UInt64, at time: String) throws {
        try translatingErrors {
            try pool.write { db in
                try db.execute(
                    sql: "UPDATE replica SET confirmed_counter = MAX(confirmed_counter, ?), confirmed_at = ?",
                    arguments: [Int64(counter), time])
            }
        }
    }

    /// Starts pulling again from 0: records not seen in the new baseline and without local
    /// changes are dropped when it completes; local changes are kept and pushed.
    /// Whether this replica is pulling a new baseline from the server (`beginRebaseline`), which
    /// drops at its end every record it did not bring.
    public func isRebaselining() throws -> Bool {
        try translatingErrors { try pool.read { db in try Self.replicaRow(db).rebaselining } }
    }

    public func beginRebaseline() throws {
        try translatingErrors {
            try pool.write { db in
                try db.execute(
                    sql: "UPDATE replica SET pull_cursor = 0, rebaselining = 1, rebaseline_epoch = rebaseline_epoch + 1"
                )
            }
        }
    }

    /// Merges a pulled page and moves the cursor, in one transaction: an interrupted pull
    /// resumes at the first page not applied.
    public func applyPulled(_ page: PullResponse, syncedAt time: String) throws -> AppliedPage {
        try translatingErrors {
            var named = Set<ReplicaID>()
            for record in page.records { named.formUnion(record.state.context.counters.keys) }
            try numberReplicas(named)
            let numbering = numbering
            return try pool.write { db in
                var result = AppliedPage()
                let replica = try Self.replicaRow(db)
                let me = ReplicaID(replica.replicaID)
                var counter = replica.counter
                let epoch = replica.rebaselining ? replica.rebaselineEpoch : 0
                // One lookup of the page's ids: a point query per record bounded a first pull.
                var held = try RecordRow.fetchAll(db, ids: page.records.map(\.id.description))
                for incoming in page.records {
                    result.received += 1
                    if let row = held[incoming.id.description] {
                        var local = try row.decodedState(numbering)
                        var dirty = row.dirty
                        // Our own writes and the server's account of them must be one history: if not,
                        // another copy of this file wrote under our id, and merging would drop writes.
                        if let me, let dot = LinearHistory.forgottenWrite(of: me, own: local, other: incoming.state) {
                            throw AgentError.ownWriteDiffers(counter: dot.counter, id: incoming.id.description)
                        }
                        // Another replica's write held here and another under the same dot there (a copy of
                        // its file wrote again under counters a restored server forgot): ours goes again
                        // under our own id, beside theirs, rather than one silently replacing the other.
                        if let me {
                            let clashes = Reissue.clashes(in: local, against: incoming.state, me: me)
                            if !clashes.isEmpty {
                                local =
                                    Reissue.plan(local, formers: clashes, server: incoming.state) {
                                        counter += 1
                                        return Dot(replica: me, counter: UInt64(counter))
                                    }.state
                                dirty = counter
                                result.untangled += 1
                            }
                        }
                        let merged = local.merged(with: incoming.state)
                        if merged.hasConflicts && merged.conflicts.count > local.conflicts.count {
                            result.newConflicts += 1
                        }
                        if merged == local && row.seenEpoch == epoch && dirty == row.dirty { continue }
                        var updated = try RecordRow(
                            id: incoming.id, kind: row.kind, state: merged, dirty: dirty, seenEpoch: epoch,
                            numbering: numbering)
                        updated.refusal = row.refusal
                        try updated.updatePrepared(db)
                        held[updated.id] = updated
                    } else {
                        if incoming.state.hasConflicts { result.newConflicts += 1 }
                        let inserted = try RecordRow(
                            id: incoming.id, kind: incoming.kind, state: incoming.state, dirty: 0, seenEpoch: epoch,
                            numbering: numbering)
                        try inserted.insertPrepared(db)
                        held[inserted.id] = inserted
                    }
                }
                for id in page.removed {
                    guard let row = try RecordRow.fetch(db, id: id.description) else { continue }
                    if row.dirty > 0 {
                        result.keptWithChanges.append(id)
                    } else {
                        try row.delete(db)
                        result.removed += 1
                    }
                }
                var updated = replica
                updated.counter = counter
                updated.pullCursor = page.next
                updated.lastSyncAt = time
                if replica.rebaselining && !page.more {
                    // The baseline is complete: what the server no longer has, and we never changed, goes.
                    result.removed += try RecordRow.filter(Column("seen_epoch") < epoch && RecordRow.Columns.dirty == 0)
                        .deleteAll(db)
                    updated.rebaselining = false
                }
                try updated.update(db)
                return result
            }
        }
    }

    /// After the server revoked this replica's token: drops every record without local
    /// changes; returns how many records with unsynced changes were kept.
    public func dropSyncedRecords() throws -> Int {
        try translatingErrors {
            try pool.write { db in
                try RecordRow.filter(RecordRow.Columns.dirty == 0).deleteAll(db)
                return try RecordRow.filter(RecordRow.Columns.dirty > 0).fetchCount(db)
            }
        }
    }
}
