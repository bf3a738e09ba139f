import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import Testing

/// Copies, restores and rollbacks of replica files and of the server, at random: every write some
/// surviving copy holds ends on every replica, as a value or as a conflict (`AmnesiaSimulation`).
@Suite struct AmnesiaSimulationTests {
    @discardableResult
    static func check(seed: UInt64, operations: Int = 60, sourceLocation: SourceLocation = #_sourceLocation)
        -> AmnesiaSimulation
    {
        var simulation = AmnesiaSimulation(seed: seed)
        simulation.run(operations: operations)
        let converged = simulation.syncUntilQuiet()
        simulation.checkEverything()
        #expect(
            converged, "replicas differ from the server after healing\n\(simulation.trace)",
            sourceLocation: sourceLocation)
        #expect(
            simulation.violations.isEmpty, "\(simulation.violations.prefix(5))\n\(simulation.trace)",
            sourceLocation: sourceLocation)
        return simulation
    }

    /// Seeds 1...1000: three devices, three records, 60 random steps each, amnesia among them.
    @Test(arguments: UInt64(1)...1000)
    func noWriteAnySurvivingCopyHoldsIsLost(seed: UInt64) {
        Self.check(seed: seed)
    }

    /// The random runs reach every kind of amnesia and every way of finding it.
    @Test func runsExerciseCopiesRestoresRollbacksAndRestoredServers() {
        var total = AmnesiaSimulation.Statistics()
        for seed in UInt64(1)...200 {
            let run = Self.check(seed: seed)
            let statistics = run.statistics
            total.restores += statistics.restores
            total.copies += statistics.copies
            total.rollbacks += statistics.rollbacks
            total.serverRestores += statistics.serverRestores
            total.rekeyedByFile += statistics.rekeyedByFile
            total.forksFound += statistics.forksFound
            total.serverRestoresFound += statistics.serverRestoresFound
            total.reissued += statistics.reissued
            total.duplicates += statistics.duplicates
        }
        #expect(
            total.restores > 50 && total.copies > 50 && total.rollbacks > 50 && total.serverRestores > 50, "\(total)")
        #expect(total.rekeyedByFile > 50, "copies and restores to a new file are seen by the replica: \(total)")
        #expect(total.forksFound > 50, "restores in place and rollbacks are found by the server: \(total)")
        #expect(total.serverRestoresFound > 50, "\(total)")
        #expect(total.reissued > 50 && total.duplicates > 10, "\(total)")
    }

    @Test func longRunsWithManySteps() {
        for seed in UInt64(5000)...5010 { Self.check(seed: seed, operations: 300) }
    }

    // MARK: The three situations of the issue, step by step

    /// A laptop restored from last week's backup edits a record it had changed and synced since.
    @Test func laptopRestoredFromABackupLosesNothing() {
        var run = AmnesiaSimulation(seed: 11)
        run.backups[0].append(run.devices[0])
        run.write(0, record: 0, fields: ["phone"])
        run.sync(0)
        run.restore(0, inPlace: true)
        run.write(0, record: 0, fields: ["phone"])
        run.sync(0)
        let converged = run.syncUntilQuiet()
        #expect(converged)
        run.checkEverything()
        #expect(run.violations.isEmpty, "\(run.violations)\n\(run.trace)")
        // Both values stand, for a person to choose.
        #expect(run.server.records[0]?.conflicts.map(\.field) == ["phone"], "\(run.trace)")
    }

    /// One file on two laptops, both used offline for a day.
    @Test func oneFileOnTwoLaptopsLosesNothing() {
        var run = AmnesiaSimulation(seed: 12)
        run.copy(0)
        run.write(0, record: 1, fields: ["name"])
        run.write(3, record: 1, fields: ["phone"])
        run.sync(0)
        run.sync(3)
        let converged = run.syncUntilQuiet()
        #expect(converged)
        run.checkEverything()
        #expect(run.violations.isEmpty, "\(run.violations)\n\(run.trace)")
        #expect(run.devices[0].id != run.devices[3].id, "the copy took an id of its own")
    }

    /// A server restored from last night's backup: what the replicas pushed since comes back.
    @Test func serverRestoredFromABackupGetsEverythingBack() {
        var run = AmnesiaSimulation(seed: 13)
        run.serverBackups.append(run.server)
        for device in 0..<3 {
            run.write(device, record: device, fields: ["contact"])
            run.sync(device)
        }
        run.restoreServer()
        let converged = run.syncUntilQuiet()
        #expect(converged)
        run.checkEverything()
        #expect(run.violations.isEmpty, "\(run.violations)\n\(run.trace)")
        #expect(run.statistics.serverRestoresFound == 3, "every replica found the server restored: \(run.trace)")
    }
}
