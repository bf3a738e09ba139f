import FieldSyncShared

/// What customers say and get: opinion cards, complaints and the parts supplied to them.
extension DemoDataGenerator {
    /// The card's answers, in the order of `DemoRegionProfile.ratingWeights`.
    static let ratings: [JSONValue] = ["satisfied", "fairly-satisfied", "unsatisfied", 5, 4, 3, 2, 1]

    /// Whether a rating is poor enough to make a complaint of: 不满意 or a score of 2 or less.
    static func isPoor(_ rating: JSONValue) -> Bool {
        rating == "unsatisfied" || (rating.intValue.map { $0 <= 2 } ?? false)
    }

    /// Whether a rating is below the top: 基本满意, 不满意, or a score under 4.
    static func isMixed(_ rating: JSONValue) -> Bool {
        rating == "fairly-satisfied" || isPoor(rating) || rating.intValue == 3
    }

    /// Maybe an opinion card on a closed visit (6.0 §4.3): filled on site as the technician
    /// leaves, or posted to the dispatch room days later. A poor one may become a complaint.
    mutating func opinionCard(_ site: DemoSite, visit: Int, after completed: Int64, random: inout SplitMix64) {
        let profile = site.profile
        guard random.chance(profile.cardRate) else { return }
        let filled =
            random.chance(0.75)
            ? completed + random.seconds(hours: 0.1...0.6)
            : DemoCalendar.weekdayTime(
                onOrAfter: completed + Int64(random.int(1...10)) * DemoCalendar.day, hours: 9...17, random: &random)
        let rating = Self.ratings[random.weighted(profile.ratingWeights)]
        guard filled <= end else { return }
        let card = plan.add(.opinionCard)
        var values: [String: JSONValue] = [
            "region": site.regionValue, "rating": rating, "filled_by": .string(site.contact),
            "filled_at": DemoCalendar.text(filled),
        ]
        let criticism = random.pick(DemoCatalog.criticism)
        if Self.isMixed(rating) {
            values["complaint_text"] = .string(criticism)
        } else if random.chance(0.5) {
            values["praise"] = .string(random.pick(DemoCatalog.praise))
        }
        plan.write(card, at: filled, values, references: ["customer": site.record, "visit": visit])
        if Self.isPoor(rating), random.chance(profile.cardComplaint) {
            let received = DemoCalendar.workingTime(after: filled, hours: 1...72, random: &random)
            complaint(
                site, channel: "opinion-card", received: received, description: "意见卡反映：\(criticism)", visit: visit,
                card: card,
                random: &random)
        }
    }

    /// A complaint made by phone, on the web, in person or by letter, not about one visit.
    mutating func unpromptedComplaint(_ site: DemoSite, received: Int64, random: inout SplitMix64) {
        let channel: JSONValue = ["phone", "web", "visit", "letter"][random.weighted([45, 20, 20, 15])]
        let isMajor = random.chance(site.profile.major)
        let description = random.pick(isMajor ? DemoCatalog.majorGrievances : DemoCatalog.grievances)
        complaint(
            site, channel: channel, received: received, description: description, severity: isMajor ? "major" : nil,
            random: &random)
    }

    /// A complaint and how it is handled (6.0 §4.4–4.6): the dispatch room handles general
    /// ones, the general manager major ones with a preventive action; most are resolved and
    /// the complainant told, a few stay open.
    mutating func complaint(
        _ site: DemoSite, channel: JSONValue, received: Int64, description: String, severity: JSONValue? = nil,
        visit: Int? = nil, card: Int? = nil, random: inout SplitMix64
    ) {
        guard received <= end else { return }
        let profile = site.profile
        let isMajor = severity.map { $0 == "major" } ?? random.chance(profile.major)
        let record = plan.add(.complaint)
        var references = ["customer": site.record]
        references["visit"] = visit
        references["card"] = card
        plan.write(
            record, at: received,
            [
                "region": site.regionValue, "channel": channel, "severity": isMajor ? "major" : "general",
                "received_at": DemoCalendar.text(received), "description": .string(description),
                "handler": .string(isMajor ? "总经理（重大投诉）" : random.pick(profile.dispatchers)), "status": "open",
            ], references: references)
        guard random.chance(profile.resolution) else { return }
        let days = profile.resolutionDays
        let resolved = DemoCalendar.workingTime(
            after: received, hours: (days.lowerBound * 24)...(days.upperBound * 24 * (isMajor ? 2 : 1)), random: &random
        )
        guard resolved <= end else { return }
        var values: [String: JSONValue] = [
            "resolution": .string(random.pick(DemoCatalog.resolutions)), "resolved_at": DemoCalendar.text(resolved),
            "feedback": .string(isMajor ? "总经理带队上门致歉并说明整改措施" : random.pick(DemoCatalog.feedback)),
            "complainant_satisfied": .bool(random.chance(profile.complainantSatisfied)), "status": "resolved",
        ]
        if isMajor || random.chance(0.3) { values["preventive_action"] = .string(random.pick(DemoCatalog.preventive)) }
        plan.write(record, at: resolved, values)
    }

    /// A part supplied on a visit (5.0 §4.5).
    mutating func supplyPart(_ site: DemoSite, part: String, quantity: Int, at time: Int64, visit: Int?) {
        let record = plan.add(.partSupply)
        var references = ["customer": site.record]
        references["visit"] = visit
        plan.write(
            record, at: time,
            [
                "region": site.regionValue, "part": .string(part), "quantity": .int(Int64(quantity)),
                "supplied_at": DemoCalendar.text(time),
            ], references: references)
    }

    /// Spare parts a customer buys to keep on hand, without a visit (manual: 也可直接上门购置).
    mutating func buySpares(_ site: DemoSite, after inService: Int64, random: inout SplitMix64) {
        let faults = site.products.flatMap(\.product.faults).filter { $0.part != nil }
        guard !faults.isEmpty, inService < end else { return }
        let fault = random.pick(faults)
        let time = DemoCalendar.weekdayTime(
            onOrAfter: inService + random.seconds(hours: 0...Double(end - inService) / 3600), hours: 9...17,
            random: &random)
        guard time <= end, let part = fault.part else { return }
        supplyPart(
            site, part: part, quantity: random.int(fault.quantity.lowerBound...fault.quantity.upperBound * 2), at: time,
            visit: nil)
    }
}
