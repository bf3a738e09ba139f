import FieldSyncShared
import Foundation
import GRDB

extension ReplicaStore {
    // MARK: Writing

    /// Adds a record after checking it: one transaction for the dot, the state and the dirty mark.
    public func create(kind: RecordKind, values: [String: JSONValue]) throws -> StoredRecord {
        try create(kind: kind, values: values) { _ in [] }[0]
    }

    /// Adds many records in one transaction: all of them, or (on the first bad one) none.
    public func createMany(_ records: [(kind: RecordKind, values: [String: JSONValue])]) throws -> [StoredRecord] {
        for (index, record) in records.enumerated() {
            let problems = RecordValidator.problems(
                kind: record.kind, values: record.values.filter { !$0.value.isNull })
            if !problems.isEmpty {
                let error = AgentError.invalid(problems, kind: record.kind)
                throw AgentError.invalidItem(number: index + 1, error)
            }
        }
        return try translatingErrors {
            try pool.write { db in
                var ids = RecordIDGenerator()
                let now = idMilliseconds()
                return try records.map { record in
                    try insertNew(
                        db, kind: record.kind, values: record.values.filter { !$0.value.isNull }, ids: &ids, now: now)
                }
            }
        }
    }

    /// Adds a record and, in the same transaction, the records `linked` makes from its new id
    /// (an opinion card and the complaint opened from it): all of them, or none.
    public func create(
        kind: RecordKind, values: [String: JSONValue],
        linked: (RecordID) -> [(kind: RecordKind, values: [String: JSONValue])]
    ) throws -> [StoredRecord] {
        let values = values.filter { !$0.value.isNull }
        try check(kind: kind, values: values)
        return try translatingErrors {
            try pool.write { db in
                var ids = RecordIDGenerator()
                let now = idMilliseconds()
                let first = try insertNew(db, kind: kind, values: values, ids: &ids, now: now)
                var saved = [first]
                for record in linked(first.id) {
                    let values = record.values.filter { !$0.value.isNull }
                    try check(kind: record.kind, values: values)  // throwing here rolls the first one back too
                    saved.append(try insertNew(db, kind: record.kind, values: values, ids: &ids, now: now))
                }
                return saved
            }
        }
    }

    /// The one way a new record is written: its references checked, the next dot taken, the
    /// state written under it, pending until the server confirms that dot.
    private func insertNew(
        _ db: Database, kind: RecordKind, values: [String: JSONValue], ids: inout RecordIDGenerator, now: UInt64
    ) throws -> StoredRecord {
        try checkReferences(db, kind: kind, values: values)
        let dot = try nextDot(db)
        var state = RecordState()
        state.write(values, dot: dot)
        let row = try RecordRow(
            id: ids.next(now: now), kind: kind.rawValue, state: state, dirty: Int64(dot.counter), numbering: numbering)
        try row.insert(db)
        return try StoredRecord(row: row, numbering: numbering)
    }

    /// This moment in milliseconds since 1970, as record ids start with.
    private func idMilliseconds() -> UInt64 { UInt64(max(0, clock().timeIntervalSince1970 * 1000)) }

    /// Changes some fields of a record; `.null` clears a field. Fields in conflict must be settled first.
    public func edit(kind: RecordKind, id: RecordID, changes: [String: JSONValue]) throws -> StoredRecord {
        if kind.isImmutable {
            throw AgentError.opinionCardImmutable()
        }
        return try translatingErrors {
            try pool.write { db in
                let current = try Self.row(db, kind: kind, id: id)
                let state = try current.decodedState(numbering)
                if state.isDeleted {
                    throw AgentError.editOfDeleted(kind: kind, id: id.description)
                }
                var merged = state.values
                for (name, value) in changes { merged[name] = value.isNull ? nil : value }
                let changed = changes.filter { state.value(of: $0.key) ?? .null != $0.value }
                if changed.isEmpty {
                    throw AgentError.nothingToChange(kind: kind)
                }
                if let conflicted = changed.keys.sorted().first(where: { (state.fields[$0]?.count ?? 0) > 1 }) {
                    throw AgentError.fieldInConflict(kind: kind, id: id.description, field: conflicted)
                }
                try check(kind: kind, values: merged)
                try checkReferences(db, kind: kind, values: changed)
                let dot = try nextDot(db)
                var next = state
                next.write(changed, dot: dot)
                return try save(db, id: id, kind: kind.rawValue, state: next, dirty: dot.counter)
            }
        }
    }

    /// Deletes a record with one dot: a concurrent edit elsewhere becomes a conflict, not a loss.
    public func delete(kind: RecordKind, id: RecordID) throws -> StoredRecord {
        try translatingErrors {
            try pool.write { db in
                let state = try Self.row(db, kind: kind, id: id).decodedState(numbering)
                if state.isDeleted {
                    throw AgentError.alreadyDeleted(kind: kind, id: id.description)
                }
                let dot = try nextDot(db)
                var next = state
                next.delete(dot: dot)
                return try save(db, id: id, kind: kind.rawValue, state: next, dirty: dot.counter)
            }
        }
    }

    /// Settles the conflict on `field` with what the person chose, superseding exactly the
    /// values standing now (read in the same transaction as the write).
    public func settle(
        kind: RecordKind, id: RecordID, field: String, choice: SettlementChoice, by: String, reason: String?
    ) throws -> (superseded: FieldConflict, record: StoredRecord) {
        try translatingErrors {
            try pool.write { db in
                let state = try Self.row(db, kind: kind, id: id).decodedState(numbering)
                guard let conflict = state.conflicts.first(where: { $0.field == field }) else {
                    throw AgentError.noConflict(kind: kind, id: id.description, field: field)
                }
                if case .value(let value) = choice, let spec = kind.field(named: field), let problem = spec.check(value)
                {
                    throw AgentError.invalid([problem], kind: kind)
                }
                let dot = try nextDot(db)
                var next = state
                do {
                    try next.settle(
                        field: field, choice: choice, seen: Set(conflict.values.map(\.dot)),
                        settlement: Settlement(by: by, at: now.description, reason: reason), dot: dot)
                } catch let error as SettleError {
                    if case .unknownDot(_, let missing) = error {
                        throw AgentError.notAStandingValue(missing.description, field: field)
                    }
                    throw AgentError.conflictChanged()
                }
                return (conflict, try save(db, id: id, kind: kind.rawValue, state: next, dirty: dot.counter))
            }
        }
    }

    func save(_ db: Database, id: RecordID, kind: String, state: RecordState, dirty: UInt64) throws -> StoredRecord {
        let row = try RecordRow(id: id, kind: kind, state: state, dirty: Int64(dirty), numbering: numbering)
        try row.save(db)
        return try StoredRecord(row: row, numbering: numbering)
    }

    private func check(kind: RecordKind, values: [String: JSONValue]) throws {
        let problems = RecordValidator.problems(kind: kind, values: values)
        if !problems.isEmpty { throw AgentError.invalid(problems, kind: kind) }
    }

    /// Every reference must name a record of the right kind that this replica holds and that is not deleted.
    private func checkReferences(_ db: Database, kind: RecordKind, values: [String: JSONValue]) throws {
        for spec in kind.fields {
            guard case .reference(let target) = spec.type, let text = values[spec.name]?.stringValue,
                let id = RecordID(text)
            else { continue }
            let state = try Self.row(db, kind: target, id: id).decodedState(numbering)
            if state.isDeleted {
                throw AgentError.referenceToDeleted(kind: target, id: id.description)
            }
        }
    }
}
