import FieldSyncShared

extension ReplicaSimulation {
    /// Full-mesh exchange of every record until a whole round changes no replica.
    ///
    /// Returns whether every replica then holds equal states of every record. Stops after
    /// `maxRounds` rounds (and then returns `false` unless they happen to be equal), so a
    /// merge that never settles fails a test instead of hanging it.
    @discardableResult
    public mutating func syncUntilQuiet(maxRounds: Int = 8) -> Bool {
        for _ in 0..<maxRounds {
            var changed = false
            for to in replicas.indices {
                for from in replicas.indices where from != to {
                    for record in recordIDs.indices {
                        guard let state = replicas[from].records[recordIDs[record]] else { continue }
                        if merge(state, into: to, record: record) { changed = true }
                    }
                }
            }
            if !changed { break }
        }
        return isConverged
    }

    /// Whether every replica holds equal states of every record.
    public var isConverged: Bool {
        replicas.dropFirst().allSatisfy { $0.records == replicas[0].records }
    }

    /// What is wrong with replica `replica`'s states, judged against the log; empty when all is well.
    ///
    /// For every logged write the replica has seen (its dot is in the record's context) and
    /// every field it wrote: the write's `(dot, value)` still stands there, or some pair
    /// standing there was made by a write whose context held the dot, that is a later write
    /// that had seen it replaced it. Otherwise the write was lost. And every pair standing
    /// must be what a logged write put there (nothing appears from nowhere) and must not have
    /// been replaced by a write the replica has seen (nothing overwritten comes back).
    public func violations(replica: Int) -> [Violation] {
        var found = [Violation]()
        for write in log {
            let state = self.state(replica: replica, record: write.record)
            guard state.context.contains(write.dot) else { continue }
            for (field, value) in write.fields.sorted(by: { $0.key < $1.key }) {
                let standing = state.fields[field] ?? []
                if standing.contains(DottedValue(dot: write.dot, value: value)) { continue }
                let replaced = standing.contains { pair in
                    pair.dot != write.dot && self.write(named: pair.dot)?.context.contains(write.dot) == true
                }
                if !replaced { found.append(.lost(write: write, field: field, standing: standing)) }
            }
        }
        for record in recordIDs.indices {
            let state = self.state(replica: replica, record: record)
            let seenWrites = log.filter { $0.record == record && state.context.contains($0.dot) }
            for (field, pairs) in state.fields.sorted(by: { $0.key < $1.key }) {
                for pair in pairs {
                    let logged = write(named: pair.dot)
                    if logged?.record != record || logged?.fields[field] != pair.value {
                        found.append(.stray(record: record, field: field, pair: pair))
                    }
                    let replacer = seenWrites.first { write in
                        write.dot != pair.dot && write.fields[field] != nil && write.context.contains(pair.dot)
                    }
                    if let replacer {
                        found.append(.obsolete(record: record, field: field, pair: pair, replacedBy: replacer.dot))
                    }
                }
            }
        }
        return found
    }

    /// The logged writes replica `replica` has not seen yet; after `syncUntilQuiet()`, none.
    public func unseenWrites(replica: Int) -> [LoggedWrite] {
        log.filter { !state(replica: replica, record: $0.record).context.contains($0.dot) }
    }

    /// A breach of the no-lost-write rule, as `violations(replica:)` reports it.
    public enum Violation: Sendable, Hashable, CustomStringConvertible {
        /// A write's value is gone from `field` although no write that had seen it replaced it.
        case lost(write: LoggedWrite, field: String, standing: [DottedValue])
        /// A pair stands that no logged write put in this record's field.
        case stray(record: Int, field: String, pair: DottedValue)
        /// A pair stands although a write to the field that had seen it, and that this state includes, replaced it.
        case obsolete(record: Int, field: String, pair: DottedValue, replacedBy: Dot)

        public var description: String {
            switch self {
            case .lost(let write, let field, let standing):
                "write \(write.dot) to r\(write.record).\(field) lost; standing: \(standing.map(\.dot))"
            case .stray(let record, let field, let pair):
                "r\(record).\(field) holds \(pair.dot), which no logged write put there"
            case .obsolete(let record, let field, let pair, let replacer):
                "r\(record).\(field) still holds \(pair.dot), which \(replacer) replaced"
            }
        }
    }
}

extension ReplicaSimulation {
    /// Reachable states of one record: a random run of `operations` steps over `recordCount`
    /// records, with every replica's state of record 0 snapshotted every `every` steps and at
    /// the end. Distinct states, in the order first seen (the empty state first).
    ///
    /// Merge laws must hold for these; arbitrary hand-made states need not be reachable.
    public static func reachableStates(
        seed: UInt64, operations: Int = 40, replicaCount: Int = 4, recordCount: Int = 1, every: Int = 8
    ) -> [RecordState] {
        var simulation = ReplicaSimulation(seed: seed, replicaCount: replicaCount, recordCount: recordCount)
        var states = [RecordState()]
        var seen: Set<RecordState> = [RecordState()]
        func snapshot() {
            for replica in simulation.replicas.indices {
                let state = simulation.state(replica: replica, record: 0)
                if seen.insert(state).inserted { states.append(state) }
            }
        }
        for index in 1...max(operations, 1) {
            simulation.step()
            if index % every == 0 { snapshot() }
        }
        snapshot()
        return states
    }
}
