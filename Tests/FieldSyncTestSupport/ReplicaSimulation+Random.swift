import FieldSyncShared

extension ReplicaSimulation {
    /// Makes `operations` random steps.
    public mutating func run(operations: Int) {
        for _ in 0..<operations { step() }
    }

    /// One random operation, drawn from the seed: a write (35%), a delete (6%), a settlement
    /// (14%), an exchange of one record or all (35%), or a late delivery of an earlier exchange (10%).
    ///
    /// When the drawn operation is impossible (nothing to delete, settle or redeliver) an
    /// exchange is made instead, so a run always has `operations` steps.
    public mutating func step() {
        let roll = Int.random(in: 0..<100, using: &random)
        switch roll {
        case 0..<35: randomWrite()
        case 35..<41: if !randomDelete() { randomExchange() }
        case 41..<55: if !randomSettlement() { randomExchange() }
        case 55..<90: randomExchange()
        default: if !redeliver() { randomExchange() }
        }
    }

    /// A random replica writes one to three fields of a random record.
    public mutating func randomWrite() {
        let replica = randomReplica()
        let record = Int.random(in: recordIDs.indices, using: &random)
        let count = Int.random(in: 1...min(3, fieldNames.count), using: &random)
        var changes = [String: JSONValue]()
        for name in fieldNames.shuffled(using: &random).prefix(count) { changes[name] = randomValue() }
        write(replica: replica, record: record, changes: changes)
    }

    /// A random replica deletes a random record it holds; `false` if no replica holds any.
    @discardableResult
    public mutating func randomDelete() -> Bool {
        let candidates = replicas.indices.flatMap { replica in
            recordIDs.indices.filter { replicas[replica].records[recordIDs[$0]] != nil }.map { (replica, $0) }
        }
        guard let (replica, record) = candidates.randomElement(using: &random) else { return false }
        delete(replica: replica, record: record)
        return true
    }

    /// A random replica settles a random conflict it sees, keeping one standing value (60%) or
    /// writing a new one; `false` if no replica sees a conflict.
    @discardableResult
    public mutating func randomSettlement() -> Bool {
        var candidates = [(replica: Int, record: Int, conflict: FieldConflict)]()
        for replica in replicas.indices {
            for record in recordIDs.indices {
                let conflicts = state(replica: replica, record: record).conflicts
                statistics.conflictsSeen = max(statistics.conflictsSeen, conflicts.count)
                candidates += conflicts.map { (replica, record, $0) }
            }
        }
        guard let pick = candidates.randomElement(using: &random) else { return false }
        let choice: SettlementChoice
        if Int.random(in: 0..<10, using: &random) < 6 {
            choice = .keep(pick.conflict.values.randomElement(using: &random)!.dot)
        } else {
            choice = .value(randomValue())
        }
        do {
            try settle(replica: pick.replica, record: pick.record, field: pick.conflict.field, choice: choice)
        } catch {
            preconditionFailure("settling a conflict as it stands cannot fail: \(error), \(trace)")
        }
        return true
    }

    /// Merges a random replica's state of one random record (70%) or of all records into another's.
    public mutating func randomExchange() {
        let from = randomReplica()
        var to = Int.random(in: 0..<replicas.count - 1, using: &random)
        if to >= from { to += 1 }
        let one = Int.random(in: 0..<10, using: &random) < 7
        let record = one ? Int.random(in: recordIDs.indices, using: &random) : nil
        exchange(from: from, to: to, record: record)
    }

    /// Delivers again a state sent earlier, perhaps after newer ones; `false` if nothing was sent yet.
    @discardableResult
    public mutating func redeliver() -> Bool {
        guard let message = inFlight.randomElement(using: &random) else { return false }
        merge(message.state, into: message.to, record: message.record)
        statistics.redeliveries += 1
        steps.append(.redeliver(from: message.from, to: message.to, record: message.record))
        return true
    }

    /// A small random value: mostly short strings and small integers, sometimes null or a flag.
    public mutating func randomValue() -> JSONValue {
        switch Int.random(in: 0..<20, using: &random) {
        case 0: .null
        case 1: .bool(Bool.random(using: &random))
        case 2..<11: .string("v\(Int.random(in: 0..<10, using: &random))")
        default: .int(Int64.random(in: 0..<10, using: &random))
        }
    }

    mutating func randomReplica() -> Int { Int.random(in: replicas.indices, using: &random) }
}
