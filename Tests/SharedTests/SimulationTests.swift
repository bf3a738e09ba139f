import FieldSyncShared
import FieldSyncTestSupport
import Testing

/// Replicas writing, deleting, settling and exchanging at random converge, and lose no write.
@Suite struct SimulationTests {
    /// Runs one seed and checks convergence and the no-lost-write rule; returns the run.
    @discardableResult
    static func check(
        seed: UInt64, replicas: Int = 5, records: Int = 3, operations: Int = 60,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> ReplicaSimulation {
        var simulation = ReplicaSimulation(seed: seed, replicaCount: replicas, recordCount: records)
        simulation.run(operations: operations)
        // Before the final sync every replica must already be sound as far as it has seen.
        for replica in simulation.replicas.indices {
            let violations = simulation.violations(replica: replica)
            #expect(
                violations.isEmpty, "replica \(replica) before sync: \(violations)\n\(simulation.trace)",
                sourceLocation: sourceLocation)
        }
        let converged = simulation.syncUntilQuiet()
        #expect(converged, "replicas differ after syncUntilQuiet\n\(simulation.trace)", sourceLocation: sourceLocation)
        for replica in simulation.replicas.indices {
            let violations = simulation.violations(replica: replica)
            #expect(
                violations.isEmpty, "replica \(replica): \(violations)\n\(simulation.trace)",
                sourceLocation: sourceLocation)
            #expect(
                simulation.unseenWrites(replica: replica).isEmpty, "\(simulation.trace)",
                sourceLocation: sourceLocation)
        }
        return simulation
    }

    /// Seeds 1...1000: five replicas, three records, 60 random operations each.
    @Test(arguments: UInt64(1)...1000)
    func convergesWithoutLosingWrites(seed: UInt64) {
        Self.check(seed: seed)
    }

    /// The random runs must actually reach the interesting cases.
    @Test func runsExerciseConflictsDeletesSettlementsAndRestores() {
        var total = ReplicaSimulation.Statistics()
        for seed in UInt64(1)...60 {
            var simulation = ReplicaSimulation(seed: seed)
            simulation.run(operations: 60)
            let statistics = simulation.statistics
            total.writes += statistics.writes
            total.deletes += statistics.deletes
            total.settlements += statistics.settlements
            total.restores += statistics.restores
            total.redeliveries += statistics.redeliveries
            total.conflictsSeen = max(total.conflictsSeen, statistics.conflictsSeen)
        }
        #expect(total.writes > 1000)
        #expect(total.deletes > 100)
        #expect(total.settlements > 200)
        #expect(total.restores > 10)
        #expect(total.redeliveries > 100)
        #expect(total.conflictsSeen >= 2)
    }

    /// The same seed makes the same run, so a failing seed can be replayed.
    @Test func runsAreReproducibleFromTheSeed() {
        var a = ReplicaSimulation(seed: 77)
        var b = ReplicaSimulation(seed: 77)
        a.run(operations: 80)
        b.run(operations: 80)
        #expect(a.steps == b.steps)
        #expect(a.replicas == b.replicas)
        #expect(a.log == b.log)
    }

    /// The check must catch a lost write: a replica that forgets a value but keeps its dot.
    @Test func violationsCatchALostWrite() throws {
        var simulation = ReplicaSimulation(seed: 1, replicaCount: 2, recordCount: 1)
        simulation.write(replica: 0, record: 0, changes: ["name": "A", "phone": "1"])
        #expect(simulation.violations(replica: 0).isEmpty)
        // Replica 1 receives a state without the phone whose context still claims the write.
        let written = simulation.state(replica: 0, record: 0)
        let forgetful = try #require(
            RecordState(context: written.context, fields: written.fields.filter { $0.key != "phone" }))
        simulation.merge(forgetful, into: 1, record: 0)
        let violations = simulation.violations(replica: 1)
        #expect(violations.count == 1)
        #expect(violations.first?.description.contains("phone") == true)
    }

    // MARK: Pinned seeds

    /// A long run with more replicas: many concurrent deletes, settlements and restores.
    @Test func seed4242LongRunRegression() {
        let simulation = Self.check(seed: 4242, replicas: 7, records: 4, operations: 600)
        #expect(simulation.statistics.restores > 0)
        #expect(simulation.statistics.settlements > 20)
    }

    /// One record, three replicas, heavy contention on the same fields.
    @Test func seed31337SingleRecordContentionRegression() {
        let simulation = Self.check(seed: 31337, replicas: 3, records: 1, operations: 300)
        #expect(simulation.statistics.deletes > 0)
    }

    /// Seed 1 exactly as the 1,000-seed run makes it.
    @Test func seed1Regression() {
        Self.check(seed: 1)
    }

    /// A hand-written scenario: a delete, a concurrent edit, a restore, and a late stale delivery.
    @Test func restoreThenStaleDeliveryConverges() throws {
        var simulation = ReplicaSimulation(seed: 5, replicaCount: 3, recordCount: 1)
        simulation.write(replica: 0, record: 0, changes: ["name": "Huaxia", "phone": "1"])
        simulation.exchange(from: 0, to: 1)
        simulation.exchange(from: 0, to: 2)
        let stale = simulation.state(replica: 1, record: 0)
        simulation.delete(replica: 1, record: 0)
        let edit = simulation.write(replica: 2, record: 0, changes: ["phone": "2"])
        simulation.exchange(from: 2, to: 1)
        #expect(simulation.state(replica: 1, record: 0).isDeleted)
        try simulation.settle(replica: 1, record: 0, field: "phone", choice: .keep(edit))
        simulation.merge(stale, into: 2, record: 0)
        let converged = simulation.syncUntilQuiet()
        #expect(converged)
        #expect(simulation.violations(replica: 0).isEmpty)
        let final = simulation.state(replica: 0, record: 0)
        #expect(!final.isDeleted && !final.hasConflicts)
        #expect(final.values == ["name": "Huaxia", "phone": "2"])
    }
}
