import Testing

@testable import FieldSyncBench

@Suite("The benchmark's decisions")
struct BenchDecisionTests {
    static func load(
        busy: Double = 0.3, instances: Double = 0.2, database: Double = 0.1, agents: Double = 0.2, other: Double = 0,
        connections: Int = 5, limit: Int = 20, active: Int = 4, lockWaits: Int = 0
    ) -> LoadFigures {
        LoadFigures(
            cores: 2, machineBusy: busy, instanceCores: instances, databaseCores: database, agentCores: agents,
            otherCores: other, connectionsP90: connections, connectionsPeak: connections, connectionLimit: limit,
            activeP90: active, lockWaitsP90: lockWaits, lockWaitsPeak: lockWaits, ungrantedLocksPeak: lockWaits)
    }

    @Test func percentileIsByNearestRank() {
        let values = (1...100).map(Double.init)
        #expect(percentile(values, 0.5) == 50)
        #expect(percentile(values, 0.99) == 99)
        #expect(percentile(values.reversed(), 1) == 100)
        #expect(percentile([7], 0.99) == 7)
        #expect(percentile([], 0.5) == 0)
    }

    @Test func nothingSaturatedBelowEveryThreshold() {
        #expect(Bottleneck.classify(Self.load()).resource == .none)
    }

    @Test func busyMachineBlamesItsBiggestUser() {
        #expect(
            Bottleneck.classify(Self.load(busy: 0.95, instances: 1.1, database: 0.4, agents: 0.4)).resource
                == .instanceCPU)
        #expect(
            Bottleneck.classify(Self.load(busy: 0.95, instances: 0.3, database: 1.2, agents: 0.4)).resource
                == .databaseCPU)
        #expect(
            Bottleneck.classify(Self.load(busy: 0.9, instances: 0.3, database: 0.3, agents: 1.2)).resource == .agentCPU)
        #expect(
            Bottleneck.classify(Self.load(busy: 0.9, instances: 0.2, database: 0.2, agents: 0.2, other: 1.2)).resource
                == .otherCPU)
    }

    @Test func fullPoolIsConnections() {
        #expect(Bottleneck.classify(Self.load(connections: 19, limit: 20)).resource == .connections)
        #expect(Bottleneck.classify(Self.load(connections: 17, limit: 20)).resource == .none)
        // Embedded: no pool to run out of.
        #expect(Bottleneck.classify(Self.load(connections: 0, limit: 0)).resource == .none)
    }

    @Test func lockWaitsCountOnlyAsAShareOfRunningSessions() {
        #expect(Bottleneck.classify(Self.load(active: 8, lockWaits: 4)).resource == .locks)
        #expect(Bottleneck.classify(Self.load(active: 40, lockWaits: 4)).resource == .none)
        // One waiter is not contention.
        #expect(Bottleneck.classify(Self.load(active: 2, lockWaits: 1)).resource == .none)
    }

    @Test func theResourceFurthestPastItsThresholdWins() {
        // CPU just past 85%, pool entirely full: connections.
        let both = Self.load(busy: 0.86, instances: 1.2, connections: 20, limit: 20)
        #expect(Bottleneck.classify(both).resource == .connections)
    }

    static func measured(_ agents: Int, seconds: Double, p99: Double, failed: Int = 0, by: String = "none")
        -> Capacity.Measured
    {
        Capacity.Measured(
            agents: agents, seconds: seconds, p99Milliseconds: p99, failed: failed, recordsPerAgent: 50, bottleneck: by)
    }

    @Test func capacityIsTheLargestPointWithinTheLimit() {
        let points = [
            Self.measured(10, seconds: 1, p99: 900), Self.measured(50, seconds: 4, p99: 3_900),
            Self.measured(100, seconds: 12, p99: 11_800, by: "instances' CPU"),
            Self.measured(200, seconds: 30, p99: 29_000, failed: 3, by: "connections"),
        ]
        let capacity = Capacity.of(setup: "x", points.reversed(), limit: 10, nightHours: 8)
        #expect(capacity.agentsAtOnce == 50)
        #expect(capacity.limitedBy == "instances' CPU")
        // 8 h of 4 s waves of 50 agents of 50 records.
        #expect(capacity.syncsPerNight == 7_200 * 50)
        #expect(capacity.recordsPerNight == 7_200 * 50 * 50)
    }

    @Test func aFailedSyncDisqualifiesAPoint() {
        let points = [Self.measured(10, seconds: 1, p99: 900, failed: 1, by: "locks")]
        let capacity = Capacity.of(setup: "x", points, limit: 10)
        #expect(capacity.agentsAtOnce == 0)
        #expect(capacity.recordsPerNight == 0)
        #expect(capacity.limitedBy == "locks")
    }

    @Test func copyTextEscapesItsDelimiters() {
        #expect(PostgresBaseline.escaped("a\tb\\c\nd\re") == "a\\tb\\\\c\\nd\\re")
    }
}
