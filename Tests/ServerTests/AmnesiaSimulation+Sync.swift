import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport

extension AmnesiaSimulation {
    /// Why a sync stopped to start again under a new id.
    private enum Restart: Error { case forked, restored }

    /// One whole sync of the device, as the agent runs it: its file checked, hello, re-issue,
    /// push, pull; a fork found on the way, or a restored server, takes a new id and the sync
    /// begins again.
    mutating func sync(_ index: Int) {
        statistics.syncs += 1
        steps.append("sync\(index)")
        verifyIdentity(index)
        for _ in 0..<3 {
            do {
                try syncOnce(index)
                return
            } catch Restart.restored {
                continue
            } catch {
                statistics.forksFound += 1
                rekey(index)
            }
        }
        violations.append("\(devices[index].name) began its sync again three times")
    }

    private mutating func syncOnce(_ index: Int) throws {
        // Hello.
        var device = devices[index]
        let hello = HelloRequest(
            replica: device.id, epoch: device.epoch, counter: device.counter, confirmed: device.confirmed,
            cursor: device.cursor,
            resending: device.resending, former: device.everFormer.isEmpty ? nil : device.everFormer,
            timeline: device.timeline)
        server.epochs += 1
        let fresh = Epoch(number: server.epochs, token: ReplicaID.random(using: &random).description)
        let standing = ServerStanding(
            newestChange: server.newest, timeline: server.timeline, nextTimeline: "t\(random.next() % 1_000_000)",
            earlierTimelines: server.earlierTimelines,
            formerResending: device.everFormer.contains { server.memory[$0]?.resending == true })
        switch ReplicaHandshake.decide(hello: hello, memory: server.memory[device.id], server: standing, fresh: fresh) {
        case .forked:
            throw Restart.forked
        case .proceed(let verdict, _, let memory, let newTimeline):
            server.memory[device.id] = memory
            if let newTimeline {
                server.earlierTimelines.insert(server.timeline)
                server.timeline = newTimeline
            }
            devices[index].timeline = server.timeline
            device.timeline = server.timeline
            if verdict == .serverRestored {
                // A new id, everything pending, a pull from the start; then the sync again.
                statistics.serverRestoresFound += 1
                devices[index].resending = true
                devices[index].cursor = 0
                devices[index].dirty = Set(devices[index].records.keys)
                rekey(index)
                throw Restart.restored
            }
            device.epoch = memory.pending.last
        }
        devices[index] = device

        // Re-issue what the ids given up wrote beyond what the server confirmed to this copy.
        if !devices[index].formers.isEmpty {
            let formers = devices[index].formers
            for record in devices[index].records.keys.sorted() {
                let local = devices[index].records[record]!
                var counter = devices[index].counter
                let id = devices[index].id
                let outcome = Reissue.plan(local, formers: formers, server: server.records[record]) {
                    counter += 1
                    return Dot(replica: id, counter: counter)
                }
                devices[index].counter = counter
                guard outcome.changed else { continue }
                devices[index].records[record] = outcome.state
                if outcome.reissued > 0 { devices[index].dirty.insert(record) }
                if outcome.duplicates > 0 {
                    devices[index].ghost[record, default: []].formUnion(server.ghost[record] ?? [])
                }
                statistics.reissued += outcome.reissued
                statistics.duplicates += outcome.duplicates
                check(
                    outcome.state, ghost: devices[index].ghost[record] ?? [],
                    at: "\(devices[index].name) re-issuing r\(record)")
            }
            devices[index].formers = [:]
        }

        // Push, under the epoch of this sync.
        guard var memory = server.memory[devices[index].id] else { return violations.append("no memory after a hello") }
        switch ReplicaHandshake.check(shown: devices[index].epoch, memory: memory) {
        case .refuse: throw Restart.forked
        case .accept(let promote):
            if promote {
                memory.current = devices[index].epoch
                memory.pending = []
            }
        }
        let counterAtStart = devices[index].counter
        var clean = true
        var stored = [(record: Int, state: RecordState)]()
        var pushed = [WireRecord]()
        for record in devices[index].dirty.sorted() {
            var untangled = false
            while let state = devices[index].records[record] {
                let wire = WireRecord(id: recordIDs[record], kind: "customer", state: state)
                let decision = PushDecision.decide(
                    pushed: wire, existing: server.records[record].map { ("customer", $0) }, pusher: devices[index].id,
                    identity: headquarters, resending: memory.resending)
                switch decision {
                case .store(let merged, _, _, _):
                    pushed.append(wire)
                    stored.append((record, merged))
                case .unchanged:
                    pushed.append(wire)
                case .refuse(let code, _) where code == SyncErrorCode.replicaForked:
                    server.memory[devices[index].id] = memory
                    throw Restart.forked
                case .refuse(let code, _) where code == SyncErrorCode.forgedDot && !untangled:
                    // Another replica's write here and another under the same dot on the server (a
                    // double fault): the agent re-issues its copy under its own id and sends again.
                    untangled = true
                    if untangle(index, record: record, against: server.records[record]) { continue }
                    statistics.forgeryRefusals += 1
                    clean = false
                case .refuse(let code, let reason), .reject(let code, let reason):
                    statistics.forgeryRefusals += 1
                    clean = false
                    steps.append("refused(\(code): \(reason.prefix(160)))")
                }
                break
            }
        }
        // The batch is one transaction: stored only when nothing of it was refused.
        for (record, merged) in stored {
            server.records[record] = merged
            server.newest += 1
            server.places[record] = server.newest
            server.ghost[record, default: []].formUnion(devices[index].ghost[record] ?? [])
            check(
                merged, ghost: server.ghost[record] ?? [],
                at: "the server after \(devices[index].name)'s push of r\(record)")
        }
        memory.mark = max(memory.mark, PushBatch.highestOwnCounter(pushed, pusher: devices[index].id))
        server.memory[devices[index].id] = memory
        if clean {
            devices[index].dirty = []
            devices[index].confirmed = counterAtStart
            devices[index].resending = false
        }

        // Pull everything after the cursor.
        var puller = devices[index]
        for record in server.places.filter({ $0.value > puller.cursor }).map(\.key).sorted() {
            guard let incoming = server.records[record] else { continue }
            if var local = puller.records[record] {
                if LinearHistory.forgottenWrite(of: puller.id, own: local, other: incoming) != nil {
                    throw Restart.forked
                }
                devices[index] = puller
                if untangle(index, record: record, against: incoming) {
                    puller = devices[index]
                    local = puller.records[record]!
                }
                puller.records[record] = local.merged(with: incoming)
            } else {
                puller.records[record] = incoming
            }
            puller.ghost[record, default: []].formUnion(server.ghost[record] ?? [])
            check(
                puller.records[record]!, ghost: puller.ghost[record] ?? [],
                at: "\(puller.name) after pulling r\(record)")
        }
        puller.cursor = server.newest
        devices[index] = puller
    }

    /// Re-issues the other replicas' writes of `record` that clash with `other` under this
    /// device's id (`Reissue.clashes`); returns whether there were any.
    mutating func untangle(_ index: Int, record: Int, against other: RecordState?) -> Bool {
        guard let other, let local = devices[index].records[record] else { return false }
        let formers = Reissue.clashes(in: local, against: other, me: devices[index].id)
        guard !formers.isEmpty else { return false }
        var counter = devices[index].counter
        let id = devices[index].id
        let outcome = Reissue.plan(local, formers: formers, server: other) {
            counter += 1
            return Dot(replica: id, counter: counter)
        }
        devices[index].counter = counter
        devices[index].records[record] = outcome.state
        devices[index].dirty.insert(record)
        statistics.untangled += 1
        steps.append("untangle\(index).r\(record)")
        return true
    }

    // MARK: The end

    /// Heals: every device syncs until a whole round changes nothing; returns whether they converged.
    mutating func syncUntilQuiet() -> Bool {
        for _ in 0..<8 {
            let before = devices.map(\.records)
            let serverBefore = server.records
            for index in devices.indices { sync(index) }
            if devices.map(\.records) == before && server.records == serverBefore
                && devices.allSatisfy({ $0.dirty.isEmpty })
            {
                break
            }
        }
        return devices.allSatisfy { $0.records == server.records && $0.dirty.isEmpty && $0.formers.isEmpty }
    }

    /// Every write some copy has seen stands, as a value or a conflict, or was replaced by one that
    /// had seen it: on the server and every device.
    mutating func checkEverything() {
        var seen = [Int: Set<Int>]()
        for device in devices { for (record, ghost) in device.ghost { seen[record, default: []].formUnion(ghost) } }
        for (record, ghost) in server.ghost { seen[record, default: []].formUnion(ghost) }
        for (record, ghost) in seen {
            check(server.records[record] ?? RecordState(), ghost: ghost, at: "the server at the end, r\(record)")
            for device in devices {
                check(
                    device.records[record] ?? RecordState(), ghost: ghost, at: "\(device.name) at the end, r\(record)")
            }
        }
    }

    /// Each write in `ghost` still stands in every field it wrote, or a write that had seen it replaced it.
    mutating func check(_ state: RecordState, ghost: Set<Int>, at place: String) {
        for serial in ghost.sorted() {
            guard let write = writes[serial] else { continue }
            for field in write.fields {
                let pairs = state.fields[field] ?? []
                let value = JSONValue.string("w\(serial)")
                if pairs.contains(where: { $0.value.valueOrPrevious == value }) { continue }
                let replaced = pairs.contains { pair in
                    guard case .string(let text) = pair.value.valueOrPrevious, let other = Int(text.dropFirst()) else {
                        return false
                    }
                    return writes[other]?.seen.contains(serial) == true
                }
                if !replaced {
                    violations.append(
                        "\(place): write \(serial) to \(field) lost; standing \(pairs.map { "\($0.dot)=\($0.value.valueOrPrevious)" })"
                    )
                }
            }
        }
    }
}
