import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import PostgresTestSupport
import Testing

/// A network that drops, delays, duplicates, truncates and resets the requests between agents and
/// server (a ``FaultProxy`` on a seeded schedule): nothing acknowledged is lost, nothing doubles,
/// and every replica converges once the network heals.
@Suite("sync through a faulty network", .serialized)
struct FaultInjectionTests {
    /// Rounds of offline work and faulty syncs per seed; `FIELDSYNC_FAULT_ROUNDS` asks for a longer run.
    static let rounds = ProcessInfo.processInfo.environment["FIELDSYNC_FAULT_ROUNDS"].flatMap(Int.init) ?? 4
    /// The probability of each fault kind on a request; `FIELDSYNC_FAULT_PROBABILITY` sets another.
    static let probability =
        ProcessInfo.processInfo.environment["FIELDSYNC_FAULT_PROBABILITY"].flatMap(Double.init) ?? 0.05

    /// Two seeds on SQLite, one on PostgreSQL when it is there.
    static let runs: [(StorageBackend, UInt64)] = StorageBackend.all.flatMap { backend -> [(StorageBackend, UInt64)] in
        let seeds: [UInt64] = backend == .sqlite ? [11, 4242] : [2027]
        return seeds.map { (backend, $0) }
    }

    @Test(arguments: Self.runs)
    func replicasConvergeAndKeepEveryAcknowledgedWriteOnce(_ backend: StorageBackend, seed: UInt64) async throws {
        let directory = try TemporaryDirectory("e2e-faults")
        defer { directory.remove() }
        try await withServerStore(backend, in: directory) { store in
            try Self.checkRun(seed: seed, store: store, in: directory)
        }
    }

    /// Rounds of offline work and syncs through the faulty proxy, then a healed network: the checks.
    static func checkRun(seed: UInt64, store: [String], in directory: TemporaryDirectory) throws {
        let started = ContinuousClock.now
        var run = try FaultyNetworkRun(seed: seed, store: store, in: directory, faultProbability: probability)
        defer { run.proxy.stop() }
        // A few more rounds if a fault kind has not come up yet (the schedule is random, the set of checks is not).
        var rounds = 0
        while rounds < Self.rounds || (!run.sawEveryFault && rounds < Self.rounds + 6) {
            try run.round(rounds)
            rounds += 1
        }
        let passes = try run.syncUntilQuiet()
        try run.auditor.sync()
        let server = try run.auditor.snapshot()

        // Healed, everything is acknowledged: every write is on the server (or superseded by a
        // write that had seen it), and nothing is there that no replica wrote.
        for participant in run.participants {
            #expect(
                participant.snapshot.dirtyIDs.isEmpty,
                "seed \(seed): \(participant.agent.name) still holds unsynced records")
        }
        #expect(run.ledger.acknowledged == Set(run.ledger.writes.map(\.dot)), "seed \(seed): writes never acknowledged")
        let lost = run.ledger.lost(in: server.states, acknowledgedOnly: false)
        #expect(lost.isEmpty, "seed \(seed): \(lost.count) write(s) lost: \(lost.prefix(5))")
        let unknown = run.ledger.unknown(in: server.states)
        #expect(
            unknown.isEmpty, "seed \(seed): \(unknown.count) record(s) or value(s) nobody wrote: \(unknown.prefix(5))")
        let names = server.records.values.filter { $0.kind == "customer" }.compactMap {
            $0.state.value(of: "name")?.stringValue
        }
        #expect(Set(names).count == names.count, "seed \(seed): a customer was stored twice")

        // Converged: each replica holds its region's records exactly as the server does, headquarters all.
        for participant in run.participants {
            let expected = server.records.filter { participant.region == nil || $0.value.region == participant.region }
                .mapValues(\.state)
            #expect(
                participant.snapshot.states == expected,
                "seed \(seed): \(participant.agent.name) differs from the server")
        }
        #expect(
            server.records.values.contains { $0.state.hasConflicts },
            "seed \(seed): the concurrent edits left no conflict")

        // Every fault happened, among them the one that matters: the server stored a push whose
        // answer the agent never got.
        let counts = run.proxy.counts
        #expect(run.sawEveryFault, "seed \(seed): not every fault happened: \(counts)")
        #expect(run.statuses[75, default: 0] > 0, "seed \(seed): no sync failed")
        let summary = FaultProxy.Fault.allCases.map { "\($0.rawValue) \(counts[$0, default: 0])" }.joined(
            separator: ", ")
        print(
            "fault run seed \(seed), \(rounds) rounds: \(run.proxy.log.count) requests (\(summary)); sync exits \(run.statuses.sorted { $0.key < $1.key }); "
                + "\(run.ledger.writes.count) field writes, \(server.records.count) records; quiet after \(passes) healed pass(es); "
                + "\(ContinuousClock.now - started)")
    }

    /// One fault on every request of one sync: the sync says "try again later" (75) when it got
    /// no complete answer, keeps its work, and the next sync finishes it without doubling anything.
    @Test func eachFaultEndsASyncAsTheNetworkDidAndTheNextOneFinishesIt() throws {
        let directory = try TemporaryDirectory("e2e-fault-kinds")
        defer { directory.remove() }
        let server = try ServerProcess(database: directory.file("server.sqlite"))
        let proxy = try FaultProxy(
            upstreamPort: server.port, schedule: FaultProxy.Schedule(seed: 1, probabilities: [:]))
        defer { proxy.stop() }
        let tech = try FieldAgent(
            "tech", in: directory, serverURL: proxy.url,
            token: try server.token(role: "technician", region: "central", name: "t"),
            region: "central")
        // Writes directly, so the technician's pulls have something to fetch (large enough to be gzipped).
        let office = try FieldAgent(
            "office", in: directory, server: server,
            token: try server.token(role: "office", region: "central", name: "o"),
            region: "central")
        let auditor = try FieldAgent(
            "auditor", in: directory, server: server, token: try server.token(role: "hq", name: "a"), region: nil)
        var created = Set<String>()
        let answerless: Set<FaultProxy.Fault> = [
            .dropBeforeForward, .dropAfterForward, .truncate, .resetBeforeForward, .resetAfterForward,
        ]
        let unforwarded: Set<FaultProxy.Fault> = [.dropBeforeForward, .resetBeforeForward]

        for fault in FaultProxy.Fault.allCases {
            // A push under the fault.
            let pushed = Set(try tech.importRecords(regionWork("central", customers: 1, tag: "push \(fault.rawValue)")))
            created.formUnion(pushed)
            proxy.resume(fault == .pass ? [:] : [fault: 1], only: "POST /v1/push")
            let push = try tech.run(["sync", "--retries", "0"])
            proxy.heal()
            #expect(
                push.status == (answerless.contains(fault) ? 75 : 0),
                "push under \(fault.rawValue): \(push.status) \(push.stderr)")
            #expect(
                try tech.snapshot().dirtyIDs == (answerless.contains(fault) ? pushed : []),
                "push under \(fault.rawValue)")
            try auditor.sync()
            let stored = pushed.isSubset(of: Set(try auditor.records().keys))
            #expect(stored == !unforwarded.contains(fault), "push under \(fault.rawValue): stored \(stored)")
            try tech.sync()
            #expect(try tech.snapshot().dirtyIDs.isEmpty, "the sync after \(fault.rawValue) pushes what is left")

            // A pull under the fault.
            let pulled = Set(
                try office.importRecords(regionWork("central", customers: 4, tag: "pull \(fault.rawValue)")))
            created.formUnion(pulled)
            try office.sync()
            proxy.resume(fault == .pass ? [:] : [fault: 1], only: "GET /v1/pull")
            let pull = try tech.run(["sync", "--retries", "0"])
            proxy.heal()
            #expect(
                pull.status == (answerless.contains(fault) ? 75 : 0),
                "pull under \(fault.rawValue): \(pull.status) \(pull.stderr)")
            let applied = pulled.intersection(try tech.records().keys)
            #expect(
                applied == (answerless.contains(fault) ? [] : pulled),
                "pull under \(fault.rawValue): a page half received is not applied")
            try tech.sync()
            #expect(
                pulled.isSubset(of: Set(try tech.records().keys)), "the sync after \(fault.rawValue) pulls what is left"
            )
        }
        try auditor.sync()
        let held = try auditor.records()
        #expect(Set(held.keys) == created, "every record on the server, once")
        #expect(NSDictionary(dictionary: try tech.records()) == NSDictionary(dictionary: held))
        for fault in FaultProxy.Fault.allCases { #expect(proxy.count(of: fault) > 0, "\(fault.rawValue) was injected") }
        let truncatedPull = proxy.log.contains {
            $0.fault == .truncate && $0.request.hasPrefix("GET /v1/pull") && $0.upstreamStatus == 200
        }
        #expect(truncatedPull, "a pull's answer was truncated")
    }
}
