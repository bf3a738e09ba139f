/// What the demo's customers order, what breaks, and the words the records use: the
/// company's products (骨灰存放架, 骨灰盒, 水晶棺, 瞻仰台) and its service vocabulary.
enum DemoCatalog {
    enum Product: String, CaseIterable, Sendable {
        case rack = "骨灰存放架"
        case urn = "骨灰盒"
        case coffin = "水晶棺"
        case platform = "瞻仰台"

        var models: [String] {
            switch self {
            case .rack: ["GH-200 铝合金组合式", "GH-360 电泳铝合金", "GH-500 仿古典雅型"]
            case .urn: ["HG-18 檀木", "HG-26 玉石", "HG-30 环保可降解"]
            case .coffin: ["SJG-3 冷藏式", "SJG-5 升降冷藏式"]
            case .platform: ["ZYT-1 固定式", "ZYT-2 升降式"]
            }
        }

        var quantity: ClosedRange<Int> {
            switch self {
            case .rack: 20...400
            case .urn: 50...600
            case .coffin: 2...12
            case .platform: 1...6
            }
        }

        /// Faults a repair finds: the work done and the part it takes, if any.
        var faults: [Fault] {
            switch self {
            case .rack:
                [
                    Fault("骨灰存放架格位门铰链松动，更换铰链", part: "格位门铰链", 2...12),
                    Fault("骨灰存放架门锁卡滞，更换锁芯", part: "格位门锁芯", 1...6),
                    Fault("骨灰存放架层板变形，更换层板并加固", part: "层板", 1...4),
                    Fault("骨灰存放架立柱连接件松动，紧固并更换螺栓", part: "连接螺栓", 4...20),
                    Fault("骨灰存放架电泳面划伤，现场补漆"),
                ]
            case .urn:
                [Fault("骨灰盒盒盖开裂，换货", part: "骨灰盒", 1...3), Fault("骨灰盒铭牌脱落，重新安装")]
            case .coffin:
                [
                    Fault("水晶棺制冷不足，检漏并补充冷媒", part: "制冷剂R134a", 1...2),
                    Fault("水晶棺温控器失灵，更换温控器", part: "温控器", 1...1),
                    Fault("水晶棺玻璃罩密封条老化，更换密封条", part: "密封条", 1...2),
                    Fault("水晶棺压缩机噪声大，更换减震垫", part: "减震垫", 2...4),
                    Fault("水晶棺显示屏不亮，更换电源板", part: "电源板", 1...1),
                ]
            case .platform:
                [
                    Fault("瞻仰台升降机构异响，润滑调整"),
                    Fault("瞻仰台照明灯不亮，更换灯管", part: "LED灯管", 1...4),
                    Fault("瞻仰台升降电机故障，更换电机", part: "升降电机", 1...1),
                ]
            }
        }

        var maintenance: String {
            switch self {
            case .rack: "骨灰存放架：检查格位门、锁具、铰链，紧固立柱，清洁除尘"
            case .urn: "骨灰盒：检查存放状况"
            case .coffin: "水晶棺：清洗冷凝器，检测制冷、温控和密封"
            case .platform: "瞻仰台：润滑升降机构，检查电路与照明"
            }
        }
    }

    struct Fault: Sendable {
        let work: String
        let part: String?
        let quantity: ClosedRange<Int>

        init(_ work: String, part: String? = nil, _ quantity: ClosedRange<Int> = 1...1) {
            self.work = work
            self.part = part
            self.quantity = quantity
        }
    }

    /// The three kinds of site the company sells to, with the products each orders.
    enum SiteKind: CaseIterable, Sendable {
        case cemetery, funeralHome, columbarium

        var suffixes: [String] {
            switch self {
            case .cemetery: ["公墓", "陵园", "人文纪念园"]
            case .funeralHome: ["殡仪馆", "殡仪服务中心"]
            case .columbarium: ["骨灰堂", "纪念堂", "安息堂"]
            }
        }

        /// Each product with the chance the site orders it; the first is always ordered.
        var orders: [(Product, Double)] {
            switch self {
            case .cemetery: [(.rack, 1), (.urn, 0.6), (.platform, 0.1)]
            case .funeralHome: [(.coffin, 1), (.platform, 0.7), (.urn, 0.7), (.rack, 0.3)]
            case .columbarium: [(.rack, 1), (.urn, 0.5)]
            }
        }
    }

    static let nameCores = [
        "青松", "福寿", "永安", "仙鹤", "天福", "松柏", "静安", "南山", "万寿", "祥和",
        "思源", "长青", "安宁", "慈恩", "凤凰", "九龙", "莲花", "归真", "福泉", "怀德",
    ]
    static let roads = ["松园路", "福寿街", "永安大道", "陵园路", "南环路", "北山路", "滨河路", "东风路", "建设路", "青年路"]
    static let surnames = [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
    ]
    static let givenNames = [
        "建华", "国强", "秀英", "志明", "丽华", "永刚", "海燕", "德胜", "淑珍", "文博", "红梅", "振东", "桂兰", "春生", "雪芳",
    ]
    static let mobilePrefixes = ["138", "139", "158", "159", "186", "187", "189", "135"]

    static let praise = [
        "技术员服务热情，维修及时", "安装规范，讲解耐心", "响应快，问题一次解决", "师傅认真负责，现场收拾干净", "培训细致，操作人员已掌握",
    ]
    static let criticism = [
        "上门太慢，等了很久", "问题没有彻底解决", "技术员迟到且未提前告知", "配件要等好几天", "沟通不够，解释不清楚", "收费说明不明确",
    ]
    /// Complaints that come unprompted: the description, and whether it is serious enough to be major.
    static let grievances = [
        "格位门多处关不严，反映多次未处理", "交货比合同约定晚了两周", "安装后漆面有划痕", "技术员态度生硬",
        "配件供应不及时，影响使用", "报修电话长时间无人接听", "水晶棺制冷效果差，多次维修未解决",
    ]
    static let majorGrievances = [
        "水晶棺在告别仪式中停机，家属强烈不满", "一排骨灰存放架立柱变形，存在倾倒隐患", "交付骨灰盒与合同型号不符，要求批量退换",
    ]
    static let resolutions = [
        "派技术员上门整改，更换故障部件并全面检查", "补发合格配件并上门安装", "调换合格产品，承担往返运费",
        "调度室专人跟进，已约定定期上门巡检", "对责任技术员进行批评教育并向客户致歉",
    ]
    static let feedback = ["已电话告知处理结果", "上门当面反馈并签字确认", "书面回复客户", "回访时向客户说明处理情况"]
    static let preventive = [
        "加强出厂前满负荷试运行检验", "维修队增配常用备件，缩短响应时间", "调度室实行报修 24 小时跟踪销号",
        "对安装队开展规范操作培训", "修订包装与运输规范",
    ]
}
