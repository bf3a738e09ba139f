import FieldSyncShared
import Foundation
import GRDB

extension ReplicaStore {
    // MARK: Writing

    /// Adds a record after checking it: one transaction for the dot, the state and the dirty mark.
    public func create(kind: RecordKind, values: [String: JSONValue]) throws -> StoredRecord {
        let values = values.filter { !$0.value.isNull }
        try check(kind: kind, values: values)
        return try translatingErrors {
            try pool.write { db in
                try checkReferences(db, kind: kind, values: values)
                let dot = try nextDot(db)
                var ids = RecordIDGenerator()
                let id = ids.next(now: UInt64(max(0, clock().timeIntervalSince1970 * 1000)))
                var state = RecordState()
                state.write(values, dot: dot)
                let row = try RecordRow(
                    id: id, kind: kind.rawValue, state: state, dirty: Int64(dot.counter), numbering: numbering)
                try row.insert(db)
                return try StoredRecord(row: row, numbering: numbering)
            }
        }
    }

    /// Adds many records in one transaction: all of them, or (on the first bad one) none.
    public func createMany(_ records: [(kind: RecordKind, values: [String: JSONValue])]) throws -> [StoredRecord] {
        for (index, record) in records.enumerated() {
            let problems = RecordValidator.problems(
                kind: record.kind, values: record.values.filter { !$0.value.isNull })
            if !problems.isEmpty {
                let error = AgentError.invalid(problems, kind: record.kind)
                throw AgentError(
                    .invalidInput,
                    Message(
                        "item \(index + 1): \(error.message.english)", zh: "第 \(index + 1) 条：\(error.message.chinese)"))
            }
        }
        return try translatingErrors {
            try pool.write { db in
                var ids = RecordIDGenerator()
                var saved = [StoredRecord]()
                saved.reserveCapacity(records.count)
                let now = UInt64(max(0, clock().timeIntervalSince1970 * 1000))
                for record in records {
                    let values = record.values.filter { !$0.value.isNull }
                    try checkReferences(db, kind: record.kind, values: values)
                    let dot = try nextDot(db)
                    var state = RecordState()
                    state.write(values, dot: dot)
                    let row = try RecordRow(
                        id: ids.next(now: now), kind: record.kind.rawValue, state: state, dirty: Int64(dot.counter),
                        numbering: numbering)
                    try row.insert(db)
                    saved.append(try StoredRecord(row: row, numbering: numbering))
                }
                return saved
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
                let now = UInt64(max(0, clock().timeIntervalSince1970 * 1000))
                func insert(_ kind: RecordKind, _ values: [String: JSONValue]) throws -> StoredRecord {
                    try checkReferences(db, kind: kind, values: values)
                    let dot = try nextDot(db)
                    var state = RecordState()
                    state.write(values, dot: dot)
                    let row = try RecordRow(
                        id: ids.next(now: now), kind: kind.rawValue, state: state, dirty: Int64(dot.counter),
                        numbering: numbering)
                    try row.insert(db)
                    return try StoredRecord(row: row, numbering: numbering)
                }
                let first = try insert(kind, values)
                var saved = [first]
                for record in linked(first.id) {
                    let values = record.values.filter { !$0.value.isNull }
                    try check(kind: record.kind, values: values)  // throwing here rolls the first one back too
                    saved.append(try insert(record.kind, values))
                }
                return saved
            }
        }
    }

    /// Changes some fields of a record; `.null` clears a field. Fields in conflict must be settled first.
    public func edit(kind: RecordKind, id: RecordID, changes: [String: JSONValue]) throws -> StoredRecord {
        if kind.isImmutable {
            throw AgentError(
                .immutable,
                Message(
                    "an opinion card cannot be changed once added: it is what the customer wrote. Add a new card, or open a complaint about it",
                    zh: "意见卡一经录入不能修改（这是客户亲笔填写的）。请另录一张，或据此登记投诉"))
        }
        return try translatingErrors {
            try pool.write { db in
                let current = try Self.row(db, kind: kind, id: id)
                let state = try current.decodedState(numbering)
                if state.isDeleted {
                    throw AgentError(
                        .unknownRecord,
                        Message(
                            "\(kind.englishName) \(id) is deleted; see `fieldsync conflicts` if someone edited it meanwhile",
                            zh: "\(kind.chineseName) \(id) 已删除"))
                }
                var merged = state.values
                for (name, value) in changes { merged[name] = value.isNull ? nil : value }
                let changed = changes.filter { state.value(of: $0.key) ?? .null != $0.value }
                if changed.isEmpty {
                    throw AgentError(
                        .nothingToChange,
                        Message(
                            "nothing to change: the \(kind.englishName) already holds these values", zh: "没有需要修改的内容"))
                }
                if let conflicted = changed.keys.sorted().first(where: { (state.fields[$0]?.count ?? 0) > 1 }) {
                    throw AgentError(
                        .conflict,
                        Message(
                            "field \(conflicted) of \(kind.englishName) \(id) is in conflict; settle it with `fieldsync resolve \(kind.commandName) \(id) --field \(conflicted)`",
                            zh: "\(kind.chineseName) \(id) 的字段 \(conflicted) 存在冲突，请先用 `fieldsync resolve` 处理"))
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
                    throw AgentError(
                        .nothingToChange,
                        Message("\(kind.englishName) \(id) is already deleted", zh: "\(kind.chineseName) \(id) 已经删除"))
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
                    throw AgentError(
                        .nothingToChange,
                        Message(
                            "field \(field) of \(kind.englishName) \(id) has no conflict; `fieldsync conflicts` lists those that do",
                            zh: "\(kind.chineseName) \(id) 的字段 \(field) 没有冲突；`fieldsync conflicts` 可列出所有冲突"))
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
                        throw AgentError(
                            .invalidInput,
                            Message(
                                "\(missing) is not one of the values standing in \(field); `fieldsync conflicts` shows their dots",
                                zh: "\(missing) 不是字段 \(field) 的候选值；`fieldsync conflicts` 可查看"))
                    }
                    throw AgentError(
                        .conflict, Message("the conflict changed while settling it; look again", zh: "冲突已变化，请重新查看"))
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
                throw AgentError(
                    .unknownRecord,
                    Message("\(target.englishName) \(id) is deleted", zh: "\(target.chineseName) \(id) 已删除"))
            }
        }
    }

    // MARK: Reading

    static func row(_ db: Database, kind: RecordKind, id: RecordID) throws -> RecordRow {
        guard let row = try RecordRow.fetchOne(db, key: id.description), row.kind == kind.rawValue else {
            throw AgentError(
                .unknownRecord,
                Message(
                    "no \(kind.englishName) with id \(id); list them with `fieldsync \(kind.commandName) list`",
                    zh: "没有编号为 \(id) 的\(kind.chineseName)；可用 `fieldsync \(kind.commandName) list` 查看"))
        }
        return row
    }

    /// Finds a record by its full id or a unique beginning or end of it (as people read ids off a table).
    public func resolveID(_ text: String, kind: RecordKind) throws -> RecordID {
        let key = text.trimmingWhitespace().lowercased()
        if let id = RecordID(key) {
            _ = try record(kind: kind, id: id)
            return id
        }
        let unknown = AgentError(
            .unknownRecord,
            Message(
                "no \(kind.englishName) with id \(key); list them with `fieldsync \(kind.commandName) list`",
                zh: "没有编号为 \(key) 的\(kind.chineseName)；可用 `fieldsync \(kind.commandName) list` 查看"))
        guard key.count >= 4, key.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { throw unknown }
        let matches = try translatingErrors {
            try pool.read { db in
                try String.fetchAll(
                    db,
                    sql: "SELECT id FROM record WHERE kind = ? AND (id LIKE ? OR id LIKE ?) LIMIT 3",
                    arguments: [kind.rawValue, key + "%", "%" + key])
            }
        }
        guard let first = matches.first, let id = RecordID(first) else { throw unknown }
        if matches.count > 1 {
            throw AgentError(
                .ambiguousID,
                Message(
                    "\(key) matches several \(kind.englishName) records; type more of the id",
                    zh: "\(key) 对应多条\(kind.chineseName)记录，请输入更完整的编号"))
        }
        return id
    }

    public func record(kind: RecordKind, id: RecordID) throws -> StoredRecord {
        try translatingErrors {
            try pool.read { db in try StoredRecord(row: try Self.row(db, kind: kind, id: id), numbering: numbering) }
        }
    }

    /// The records of one kind (all kinds when `nil`), oldest first; deleted ones only when asked.
    public func records(kind: RecordKind?, region: Region? = nil, includeDeleted: Bool = false) throws -> [StoredRecord]
    {
        try translatingErrors {
            try pool.read { db in
                var request = RecordRow.order(RecordRow.Columns.id)
                if let kind { request = request.filter(RecordRow.Columns.kind == kind.rawValue) }
                if let region { request = request.filter(RecordRow.Columns.region == region.rawValue) }
                // A deleted record with a conflict stays visible: someone edited it meanwhile.
                if !includeDeleted {
                    request = request.filter(
                        RecordRow.Columns.isDeleted == false || RecordRow.Columns.hasConflicts == true)
                }
                return try request.fetchAll(db).map { try StoredRecord(row: $0, numbering: numbering) }
            }
        }
    }

    /// Customer names by id, for listings that show whose record it is.
    public func customerNames() throws -> [String: String] {
        try translatingErrors {
            try pool.read { db in
                var names = [String: String]()
                for row in try RecordRow.filter(RecordRow.Columns.kind == RecordKind.customer.rawValue).fetchAll(db) {
                    names[row.id] = try row.decodedState(numbering).winner(of: "name")?.value.valueOrPrevious
                        .stringValue
                }
                return names
            }
        }
    }

    /// Every record as it would travel, deleted ones included, for reports and due lists.
    public func wireRecords() throws -> [WireRecord] {
        try translatingErrors {
            try pool.read { db in
                try RecordRow.order(RecordRow.Columns.id).fetchAll(db).map { row in
                    let stored = try StoredRecord(row: row, numbering: numbering)
                    return WireRecord(id: stored.id, kind: row.kind, state: stored.state)
                }
            }
        }
    }

    /// Every record with at least one field in conflict.
    public func conflictedRecords() throws -> [StoredRecord] {
        try translatingErrors {
            try pool.read { db in
                try RecordRow.filter(RecordRow.Columns.hasConflicts == true).order(RecordRow.Columns.id)
                    .fetchAll(db).map { try StoredRecord(row: $0, numbering: numbering) }
            }
        }
    }

    /// Counts for `fieldsync status`.
    public func counts() throws -> (byKind: [String: Int], pending: Int, conflicts: Int) {
        try translatingErrors {
            try pool.read { db in
                var byKind = [String: Int]()
                for row in try Row.fetchAll(
                    db, sql: "SELECT kind, COUNT(*) AS n FROM record WHERE NOT is_deleted GROUP BY kind")
                {
                    byKind[row["kind"]] = row["n"]
                }
                let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record WHERE dirty > 0") ?? 0
                let conflicts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record WHERE has_conflicts") ?? 0
                return (byKind, pending, conflicts)
            }
        }
    }
}
