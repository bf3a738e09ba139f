import FieldSyncShared

/// How one regional office works in the demo: its cities and people, and the rates that put
/// its figures on one side or the other of each service target (DESIGN.md §2).
///
/// The profiles are fixed per region so the demo always tells the same story; the seed only
/// draws the events. North is the model office; Northwest arrives late; Southwest fixes too
/// little at the first visit and reworks; Central draws many complaints and leaves some open;
/// South's customers are the least satisfied.
struct DemoRegionProfile: Sendable {
    struct City: Sendable {
        let name: String
        let districts: [String]
        let areaCode: String
    }

    let region: Region
    let cities: [City]
    let technicians: [String]
    /// The dispatch room (调度室) staff who take calls and handle general complaints.
    let dispatchers: [String]
    /// The sales-service manager who leads return visits (7.0 §4.5).
    let manager: String

    /// Share of repair calls answered on site within 24 hours (target: all).
    let onTime: Double
    /// Hours after the call a late arrival comes.
    let lateHours: ClosedRange<Double>
    /// Share of repairs fixed at the first visit (target > 90%).
    let firstTimeFix: Double
    /// Chance a closed repair is followed by another call on the same fault within 30 days (target ≤ 2%).
    /// Other calls keep 30 days from a customer's last repair, so every repeat within 30 days is rework.
    let rework: Double
    /// Repair calls per customer and month.
    let repairsPerMonth: Double
    /// Chance an installation passes its 72-hour commissioning.
    let commissioningPass: Double
    /// Months between maintenance visits, and the chance one planned is done.
    let maintenanceEvery: Int
    let maintenanceDone: Double
    /// Return visits per customer and year (target ≥ 5% of customers).
    let returnVisitsPerYear: Double
    /// Chance a closed visit leaves an opinion card.
    let cardRate: Double
    /// Weights of the card's answers: satisfied, fairly satisfied, unsatisfied, then scores 5…1.
    let ratingWeights: [Double]
    /// Complaints per customer and year that come unprompted (phone, web, visit, letter).
    let complaintsPerYear: Double
    /// Chance a late arrival, or a poor opinion card, becomes a complaint.
    let lateComplaint: Double
    let cardComplaint: Double
    /// Share of complaints that are major (重大).
    let major: Double
    /// Chance a complaint is ever resolved (target ≥ 97%), and days it takes.
    let resolution: Double
    let resolutionDays: ClosedRange<Double>
    /// Chance the complainant is satisfied with the outcome (target ≥ 95%).
    let complainantSatisfied: Double

    static func of(_ region: Region) -> DemoRegionProfile {
        switch region {
        case .north: north
        case .northwest: northwest
        case .southwest: southwest
        case .central: central
        case .south: south
        }
    }

    /// 华北: excellent on every target.
    static let north = DemoRegionProfile(
        region: .north,
        cities: [
            City(name: "北京", districts: ["昌平", "大兴", "通州", "房山", "顺义", "门头沟"], areaCode: "010"),
            City(name: "天津", districts: ["北辰", "西青", "津南", "东丽"], areaCode: "022"),
            City(name: "石家庄", districts: ["长安", "裕华", "鹿泉", "栾城"], areaCode: "0311"),
        ],
        technicians: ["张伟", "赵磊", "孙志强", "李建军"], dispatchers: ["王丽娜", "刘静"], manager: "周国平",
        onTime: 1.0, lateHours: 25...30, firstTimeFix: 0.97, rework: 0.004, repairsPerMonth: 0.07,
        commissioningPass: 0.98, maintenanceEvery: 4, maintenanceDone: 0.95, returnVisitsPerYear: 0.15,
        cardRate: 0.8, ratingWeights: [90, 0, 0, 10, 0, 0, 0, 0], complaintsPerYear: 0.0, lateComplaint: 0,
        cardComplaint: 0, major: 0, resolution: 1, resolutionDays: 0.5...3, complainantSatisfied: 1)

    /// 西北: long distances, many repair calls answered after 24 hours.
    static let northwest = DemoRegionProfile(
        region: .northwest,
        cities: [
            City(name: "西安", districts: ["长安", "灞桥", "未央", "临潼"], areaCode: "029"),
            City(name: "兰州", districts: ["城关", "七里河", "安宁", "西固"], areaCode: "0931"),
            City(name: "银川", districts: ["兴庆", "金凤", "西夏"], areaCode: "0951"),
        ],
        technicians: ["马永福", "杨海军", "何建新"], dispatchers: ["白雪梅"], manager: "韩志刚",
        onTime: 0.68, lateHours: 26...70, firstTimeFix: 0.96, rework: 0.008, repairsPerMonth: 0.08,
        commissioningPass: 0.93, maintenanceEvery: 6, maintenanceDone: 0.8, returnVisitsPerYear: 0.07,
        cardRate: 0.6, ratingWeights: [74, 14, 3, 5, 3, 1, 0, 0], complaintsPerYear: 0.02, lateComplaint: 0.3,
        cardComplaint: 0.5, major: 0.05, resolution: 0.99, resolutionDays: 1...6, complainantSatisfied: 0.93)

    /// 西南: arrives on time but often needs a second visit, and repairs come back.
    static let southwest = DemoRegionProfile(
        region: .southwest,
        cities: [
            City(name: "成都", districts: ["龙泉驿", "温江", "郫都", "新都"], areaCode: "028"),
            City(name: "重庆", districts: ["渝北", "江北", "沙坪坝", "北碚"], areaCode: "023"),
            City(name: "昆明", districts: ["官渡", "西山", "盘龙", "呈贡"], areaCode: "0871"),
        ],
        technicians: ["陈刚", "罗小兵", "邓建华", "蒋勇"], dispatchers: ["唐敏", "邹雨"], manager: "曾德明",
        onTime: 0.96, lateHours: 25...40, firstTimeFix: 0.72, rework: 0.08, repairsPerMonth: 0.1,
        commissioningPass: 0.85, maintenanceEvery: 6, maintenanceDone: 0.85, returnVisitsPerYear: 0.1,
        cardRate: 0.65, ratingWeights: [76, 13, 3, 5, 2, 1, 0, 0], complaintsPerYear: 0.03, lateComplaint: 0.3,
        cardComplaint: 0.5, major: 0.05, resolution: 0.99, resolutionDays: 1...5, complainantSatisfied: 0.96)

    /// 华中: many complaints, several major, some left open and complainants left unhappy.
    static let central = DemoRegionProfile(
        region: .central,
        cities: [
            City(name: "武汉", districts: ["洪山", "江夏", "黄陂", "蔡甸"], areaCode: "027"),
            City(name: "长沙", districts: ["岳麓", "雨花", "开福", "望城"], areaCode: "0731"),
            City(name: "郑州", districts: ["金水", "二七", "中原", "惠济"], areaCode: "0371"),
        ],
        technicians: ["胡志勇", "熊斌", "谭军", "雷鸣"], dispatchers: ["程芳", "彭丽"], manager: "郭振华",
        onTime: 0.93, lateHours: 25...48, firstTimeFix: 0.95, rework: 0.01, repairsPerMonth: 0.09,
        commissioningPass: 0.92, maintenanceEvery: 6, maintenanceDone: 0.75, returnVisitsPerYear: 0.02,
        cardRate: 0.6, ratingWeights: [72, 15, 4, 5, 3, 1, 0, 0], complaintsPerYear: 0.3, lateComplaint: 0.5,
        cardComplaint: 0.7, major: 0.2, resolution: 0.75, resolutionDays: 3...20, complainantSatisfied: 0.7)

    /// 华南: on time and mostly fixed, but customers rate the service poorly.
    static let south = DemoRegionProfile(
        region: .south,
        cities: [
            City(name: "广州", districts: ["白云", "番禺", "花都", "增城"], areaCode: "020"),
            City(name: "深圳", districts: ["龙岗", "宝安", "南山", "龙华"], areaCode: "0755"),
            City(name: "南宁", districts: ["青秀", "兴宁", "江南", "西乡塘"], areaCode: "0771"),
        ],
        technicians: ["陈杰", "黄志明", "梁伟强", "李海"], dispatchers: ["林晓燕", "吴敏"], manager: "冯家辉",
        onTime: 0.97, lateHours: 25...36, firstTimeFix: 0.96, rework: 0.008, repairsPerMonth: 0.08,
        commissioningPass: 0.95, maintenanceEvery: 6, maintenanceDone: 0.85, returnVisitsPerYear: 0.035,
        cardRate: 0.75, ratingWeights: [48, 24, 12, 3, 4, 4, 3, 2], complaintsPerYear: 0.03, lateComplaint: 0.3,
        cardComplaint: 0.25, major: 0.1, resolution: 0.98, resolutionDays: 1...7, complainantSatisfied: 0.8)
}
