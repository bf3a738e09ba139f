import FieldSyncShared

/// Makes a realistic, reproducible stretch of the five regions' after-sales work, for demos
/// and benchmarks: customers with the products they ordered, then month by month deliveries
/// and installations with their 72-hour commissioning, repair calls and arrivals, rework,
/// maintenance, return visits, training, opinion cards, complaints and parts supplied.
///
/// A pure function of its configuration: no clock, no I/O, its own seeded random source. Every
/// record is written by one fixed replica, `DemoDataGenerator.replica`, whose dots count from 1
/// in the order the writes happened. Each region follows its own `DemoRegionProfile`, so the
/// regions' figures land on different sides of the service targets.
///
/// ```swift
/// let end = DemoMonth(parsing: "2026-11")!
/// let records = DemoDataGenerator(.init(customers: 300, months: 12, seed: 1, end: end)).records()
/// ```
public struct DemoDataGenerator: Sendable {
    public struct Configuration: Sendable, Hashable {
        public var customers: Int
        public var months: Int
        public var seed: UInt64
        /// The last month of the stretch, included.
        public var end: DemoMonth

        public init(customers: Int = 200, months: Int = 12, seed: UInt64 = 1, end: DemoMonth) {
            self.customers = customers
            self.months = months
            self.seed = seed
            self.end = end
        }

        /// The first month of the stretch.
        public var first: DemoMonth { end.adding(months: 1 - max(1, months)) }
    }

    /// The replica every demo record is written by: `5eed0000000000000000000000000001`.
    public static let replica = ReplicaID(high: 0x5EED_0000_0000_0000, low: 1)

    public let configuration: Configuration
    /// The stretch, in Unix seconds: from the first month's first instant to the last month's last.
    let start: Int64
    let end: Int64
    /// The records planned so far; empty in a generator that has not run.
    var plan = DemoPlan()
    var usedNames = Set<String>()
    /// When the current customer's latest repair was called or completed.
    var lastRepair = Int64.min / 2

    public init(_ configuration: Configuration) {
        self.configuration = configuration
        start = configuration.first.start
        end = configuration.end.adding(months: 1).start - 1
    }

    /// Every record of the stretch, in the order they were first written (their ids' order).
    public func records() -> [WireRecord] {
        var run = DemoDataGenerator(configuration)
        for index in 0..<max(0, configuration.customers) { run.tellStory(ofCustomer: index) }
        var random = SplitMix64(seed: configuration.seed, stream: .max)
        return run.plan.records(replica: Self.replica, random: &random)
    }

    /// Customers are dealt to regions in this repeating pattern: North is the largest office,
    /// Northwest the smallest.
    static let regionPattern: [Region] = [
        .north, .central, .south, .southwest, .northwest, .north, .south, .central, .southwest, .north,
        .central, .south, .northwest, .southwest, .north, .south, .central, .southwest, .northwest, .north,
    ]

    /// The region customer number `index` belongs to.
    public static func region(ofCustomer index: Int) -> Region { regionPattern[index % regionPattern.count] }

    /// Chance that a customer is new, ordering during the stretch rather than already served.
    static let newCustomerShare = 0.25

    /// One customer's file and everything that happens to it during the stretch, drawn from
    /// the customer's own random streams.
    mutating func tellStory(ofCustomer index: Int) {
        var random = SplitMix64(seed: configuration.seed, stream: UInt64(index) &* 4 &+ 1)
        var naming = SplitMix64(seed: configuration.seed, stream: UInt64(index) &* 4 &+ 2)
        let profile = DemoRegionProfile.of(Self.region(ofCustomer: index))
        lastRepair = Int64.min / 2
        let kind = DemoCatalog.SiteKind.allCases[random.weighted([0.45, 0.3, 0.25])]
        let city = random.pick(profile.cities)
        var products = [DemoSite.Order]()
        for (product, chance) in kind.orders where products.isEmpty || random.chance(chance) {
            products.append(
                DemoSite.Order(
                    product: product, model: random.pick(product.models), quantity: random.int(product.quantity)))
        }
        let site = DemoSite(
            record: plan.add(.customer), profile: profile, name: uniqueName(kind: kind, city: city, random: &naming),
            contact: random.pick(DemoCatalog.surnames) + random.pick(DemoCatalog.givenNames), products: products)

        let isNew = random.chance(Self.newCustomerShare)
        let created =
            isNew
            ? DemoCalendar.weekdayTime(
                onOrAfter: start + random.seconds(hours: 0...Double(end - start) / 3600 * 0.85), hours: 9...17,
                random: &random)
            : DemoCalendar.weekdayTime(
                onOrAfter: start - Int64(random.int(5...40)) * DemoCalendar.day, hours: 9...17, random: &random)
        guard created <= end else { return }
        var file: [String: JSONValue] = [
            "name": .string(site.name), "region": .string(site.region.rawValue), "contact": .string(site.contact),
            "phone": .string(phone(city: city, random: &random)),
            "address": .string(
                "\(city.name)市\(random.pick(city.districts))区\(random.pick(DemoCatalog.roads))\(random.int(1...399))号"),
            "products": .array(
                products.map {
                    .object([
                        "product": .string($0.product.rawValue), "model": .string($0.model),
                        "quantity": .int(Int64($0.quantity)),
                    ])
                }),
        ]
        if !isNew, random.chance(0.6) {
            file["training"] = .string(
                "\(DemoCalendar.date(created - Int64(random.int(200...900)) * DemoCalendar.day)) 使用与维护培训 \(random.int(2...8)) 人"
            )
        }
        plan.write(site.record, at: created, file)

        let inService: Int64
        if isNew {
            guard let installed = deliverAndInstall(site, ordered: created, random: &random) else { return }
            inService = installed
        } else {
            inService = start
        }
        serve(site, from: inService, random: &random)
    }

    /// A name no earlier customer has: `成都青松陵园`, `天津北辰殡仪馆`.
    mutating func uniqueName(kind: DemoCatalog.SiteKind, city: DemoRegionProfile.City, random: inout SplitMix64)
        -> String
    {
        var name = ""
        for attempt in 0..<12 {
            let place = attempt % 2 == 0 ? random.pick(DemoCatalog.nameCores) : random.pick(city.districts)
            name = city.name + place + random.pick(kind.suffixes)
            if usedNames.insert(name).inserted { return name }
        }
        var number = 2
        while !usedNames.insert("\(name)（\(number)）").inserted { number += 1 }
        return "\(name)（\(number)）"
    }

    func phone(city: DemoRegionProfile.City, random: inout SplitMix64) -> String {
        func digits(_ count: Int) -> String { (0..<count).map { _ in String(random.int(0...9)) }.joined() }
        if random.chance(0.5) { return random.pick(DemoCatalog.mobilePrefixes) + digits(8) }
        return "\(city.areaCode)-\(random.int(2...8))\(digits(7))"
    }
}

/// A customer as the story of its stretch needs it.
struct DemoSite: Sendable {
    struct Order: Sendable {
        let product: DemoCatalog.Product
        let model: String
        let quantity: Int
    }

    /// The customer record's index in the plan.
    let record: Int
    let profile: DemoRegionProfile
    let name: String
    let contact: String
    let products: [Order]

    var region: Region { profile.region }
    var regionValue: JSONValue { .string(region.rawValue) }
}
