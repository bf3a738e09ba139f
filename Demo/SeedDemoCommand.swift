import ArgumentParser
import FieldSyncServer
import FieldSyncShared
import Foundation

/// `fieldsync-server seed-demo`: fills a store with a generated stretch of the five regions' work.
public struct SeedDemoCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "seed-demo",
        abstract: "Fill the store with a realistic, reproducible stretch of demo service records.",
        discussion: """
            Customers spread over the five regions, then month by month deliveries and installations \
            (72-hour commissioning), repair calls, rework, maintenance, return visits, training, opinion \
            cards, complaints and parts. Each region has its own profile, so their figures land on \
            different sides of the service targets: North excellent, Northwest late on site, Southwest \
            low first-time fix and rework, Central many complaints (some major, some open), South low \
            customer satisfaction. The same options give the same records. Records are written by \
            replica \(DemoDataGenerator.replica) and stored as headquarters would push them.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "How many customers.") var customers = 200
    @Option(help: "How many months the stretch covers, ending with --end.") var months = 12
    @Option(help: "The random seed: the same seed gives the same records.") var seed: UInt64 = 1
    @Option(
        help: ArgumentHelp("The last month of the stretch, YYYY-MM (default: the current month).", valueName: "YYYY-MM")
    )
    var end: String?
    @Flag(help: "Add to a store that already holds records (otherwise refused).") var append = false

    /// Records per push transaction.
    static let batchSize = 500

    public init() {}

    public func validate() throws {
        guard (1...1_000_000).contains(customers) else { throw ValidationError("--customers takes 1 to 1000000") }
        guard (1...120).contains(months) else { throw ValidationError("--months takes 1 to 120") }
        if let end {
            guard let month = DemoMonth(parsing: end), (2000...2100).contains(month.year) else {
                throw ValidationError("--end takes a month from 2000-01 to 2100-12 written YYYY-MM, e.g. 2026-11")
            }
        }
    }

    public func run() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let endMonth = end.flatMap(DemoMonth.init(parsing:)) ?? Self.currentMonth()
        let storage = try store.open()
        if !append, try await !storage.pull(after: 0, limit: 1, scope: nil, replica: nil).records.isEmpty {
            throw ValidationErrorLine(
                "\(store.path) already holds records; pass --append to add demo records to them, or choose another --db"
            )
        }
        let generator = DemoDataGenerator(.init(customers: customers, months: months, seed: seed, end: endMonth))
        let records = generator.records()
        let identity = Identity(tokenID: 0, name: "seed-demo", role: .hq, region: nil)
        var stored = 0
        var rejected = [String]()
        var index = 0
        while index < records.count {
            let batch = Array(records[index..<min(index + Self.batchSize, records.count)])
            let summary: PushSummary
            do {
                summary = try await storage.push(
                    batch, pusher: DemoDataGenerator.replica, identity: identity, now: timestamp())
            } catch let error as ServerError {
                throw ValidationErrorLine("could not store the demo records: \(error.message)")
            }
            stored += summary.stored
            rejected += summary.results.filter { $0.outcome == .rejected }.map {
                "\($0.id): \($0.reason ?? $0.code ?? "rejected")"
            }
            index += batch.count
        }
        if let first = rejected.first {
            throw ValidationErrorLine(
                "\(rejected.count) demo record(s) were rejected (first: \(first)); this is a bug in seed-demo")
        }
        let seconds = (clock.now - started) / .seconds(1)
        print(
            Self.summary(
                records, stored: stored, from: generator.configuration.first, to: endMonth, seed: seed,
                path: store.path,
                seconds: seconds))
    }

    /// `seeded 2,431 records for 2025-12…2026-11 (seed 1) …`: one line, per kind and per region.
    static func summary(
        _ records: [WireRecord], stored: Int, from first: DemoMonth, to last: DemoMonth, seed: UInt64, path: String,
        seconds: Double
    ) -> String {
        var kinds = [String: Int]()
        var regions = [Region: Int]()
        for record in records {
            kinds[record.kind, default: 0] += 1
            if let region = record.region { regions[region, default: 0] += 1 }
        }
        let plurals: [RecordKind: String] = [
            .customer: "customers", .visit: "visits", .opinionCard: "opinion cards", .complaint: "complaints",
            .partSupply: "part supplies",
        ]
        let byKind = RecordKind.allCases.map { "\(kinds[$0.rawValue] ?? 0) \(plurals[$0] ?? $0.rawValue)" }.joined(
            separator: ", ")
        let byRegion = Region.allCases.map { "\($0.englishName) \($0.chineseName) \(regions[$0] ?? 0)" }.joined(
            separator: ", ")
        let unchanged = records.count - stored
        return
            "seeded \(records.count) records for \(first)…\(last) (seed \(seed)) into \(path) in \(String(format: "%.1f", seconds)) s: "
            + "\(byKind); \(byRegion)" + (unchanged > 0 ? "; \(unchanged) already held" : "")
    }

    /// The month it is now in China Standard Time, where the regions work.
    static func currentMonth() -> DemoMonth {
        let now = ServiceTime(Date(), offset: 8 * 3600).local
        return DemoMonth(year: now.year, month: now.month) ?? DemoMonth(year: 2026, month: 11)!
    }
}
