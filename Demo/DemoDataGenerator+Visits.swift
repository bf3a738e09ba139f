import FieldSyncShared

/// The visits of a customer's stretch: delivery and installation, repairs, maintenance,
/// return visits and training.
extension DemoDataGenerator {
    /// Delivers and installs a new customer's order; returns when the installation passed into
    /// service (after its 72-hour commissioning), or `nil` if that is after the stretch.
    mutating func deliverAndInstall(_ site: DemoSite, ordered: Int64, random: inout SplitMix64) -> Int64? {
        let profile = site.profile
        let goods = site.products.map { "\($0.product.rawValue) \($0.model) ×\($0.quantity)" }.joined(separator: "，")
        let arrival = DemoCalendar.weekdayTime(
            onOrAfter: ordered + Int64(random.int(10...25)) * DemoCalendar.day, hours: 9...16, random: &random)
        let delivered = arrival + random.seconds(hours: 1...3)
        guard arrival <= end else { return nil }
        simpleVisit(
            site, kind: "delivery", technician: random.pick(profile.technicians), arrival: arrival,
            completed: delivered,
            work: "送货到现场：\(goods)，开箱验货", card: false, random: &random)
        guard delivered <= end else { return nil }

        let visit = plan.add(.visit)
        let technician = random.pick(profile.technicians)
        let onSite = DemoCalendar.weekdayTime(
            onOrAfter: delivered + Int64(random.int(1...4)) * DemoCalendar.day, hours: 8...10, random: &random)
        let installed = onSite + Int64(random.int(1...3)) * DemoCalendar.day - random.seconds(hours: 10...14)
        // The manual (3.0 §4.7): handed over only after 72 hours running at full load.
        let completed = DemoCalendar.workingTime(
            after: installed + 72 * DemoCalendar.hour, hours: 0...14, random: &random)
        guard onSite <= end else { return nil }
        plan.write(
            visit, at: onSite,
            [
                "kind": "installation", "region": site.regionValue, "technician": .string(technician),
                "arrived_at": DemoCalendar.text(onSite), "work_done": .string("安装调试：\(goods)"), "status": "open",
            ], references: ["customer": site.record])
        guard completed <= end else { return nil }
        let passed = random.chance(profile.commissioningPass)
        let fault = random.pick(random.pick(site.products).product.faults)
        let result = passed ? "72小时满负荷试运行合格，交付使用" : "72小时试运行不合格：\(fault.work)"
        plan.write(
            visit, at: completed,
            [
                "completed_at": DemoCalendar.text(completed), "commissioning": passed ? "passed" : "failed",
                "work_done": .string("安装调试：\(goods)；\(result)"), "status": "closed",
            ])
        opinionCard(site, visit: visit, after: completed, random: &random)
        if random.chance(0.75) {
            train(site, on: completed + Int64(random.int(0...2)) * DemoCalendar.day, random: &random)
        }
        if !passed {
            // The customer reports what commissioning found; it is a repair like any other.
            let called = DemoCalendar.workingTime(after: completed, hours: 2...30, random: &random)
            repair(site, called: called, fault: fault, random: &random)
        }
        return completed
    }

    /// Everything that happens to a customer in service from `inService` to the stretch's end.
    mutating func serve(_ site: DemoSite, from inService: Int64, random: inout SplitMix64) {
        let profile = site.profile
        let months = configuration.months
        let phase = random.int(0...profile.maintenanceEvery - 1)
        // Funeral homes run coffins daily: more calls than a cemetery's racks.
        let callRate = profile.repairsPerMonth * (site.products.contains { $0.product == .coffin } ? 1.4 : 1)
        for offset in 0..<months {
            let month = configuration.first.adding(months: offset).start
            let next = configuration.first.adding(months: offset + 1).start
            let span = Double(next - month) / 3600
            if random.chance(callRate) {
                let day = DemoCalendar.midnight(month + random.seconds(hours: 0...span))
                let called = day + Int64(random.int(8...17)) * DemoCalendar.hour + Int64(random.int(0...11)) * 300
                if called > inService, called > lastRepair + 30 * DemoCalendar.day, called <= end {
                    repair(site, called: called, random: &random)
                }
            }
            if (offset + phase) % profile.maintenanceEvery == 0, random.chance(profile.maintenanceDone) {
                let day = month + Int64(random.int(0...26)) * DemoCalendar.day
                let arrival = DemoCalendar.weekdayTime(onOrAfter: day, hours: 9...16, random: &random)
                if arrival > inService + 7 * DemoCalendar.day {
                    let work = site.products.filter { $0.product != .urn }.map(\.product.maintenance).joined(
                        separator: "；")
                    simpleVisit(
                        site, kind: "maintenance", technician: random.pick(profile.technicians), arrival: arrival,
                        completed: arrival + random.seconds(hours: 1.5...4), work: "定期保养：\(work)", card: true,
                        random: &random)
                }
            }
            if random.chance(profile.complaintsPerYear / 12) {
                let received = DemoCalendar.weekdayTime(
                    onOrAfter: month + Int64(random.int(0...27)) * DemoCalendar.day, hours: 9...17, random: &random)
                if received > inService { unpromptedComplaint(site, received: received, random: &random) }
            }
        }
        let years = Double(months) / 12
        if random.chance(min(1, profile.returnVisitsPerYear * years)) {
            let first = inService + 14 * DemoCalendar.day
            if first < end {
                let arrival = DemoCalendar.weekdayTime(
                    onOrAfter: first + random.seconds(hours: 0...Double(end - first) / 3600), hours: 9...16,
                    random: &random)
                simpleVisit(
                    site, kind: "return-visit", technician: "\(profile.manager)（销售服务经理）", arrival: arrival,
                    completed: arrival + random.seconds(hours: 1...2.5), work: "回访：了解产品使用情况，征求意见和建议", card: true,
                    random: &random)
            }
        }
        if random.chance(0.06 * years), inService + 30 * DemoCalendar.day < end {
            train(
                site, on: inService + 30 * DemoCalendar.day + random.seconds(hours: 0...Double(end - inService) / 3600),
                random: &random)
        }
        if random.chance(0.12 * years) { buySpares(site, after: inService, random: &random) }
    }

    /// A repair call, the visit that answers it, and what follows: parts, an opinion card, a
    /// complaint about a late arrival, and now and then the same fault again (rework).
    /// `fault` is what the call is about when already known; `isRework` marks the return of a
    /// fault an earlier repair did not cure.
    mutating func repair(
        _ site: DemoSite, called: Int64, fault known: DemoCatalog.Fault? = nil, isRework: Bool = false,
        random: inout SplitMix64
    ) {
        guard called <= end else { return }
        lastRepair = max(lastRepair, called)
        let profile = site.profile
        let visit = plan.add(.visit)
        let onTime = random.chance(profile.onTime)
        let arrival = DemoCalendar.workingTime(
            after: called, hours: onTime ? 0.75...23.5 : profile.lateHours, random: &random)
        let fixed = random.chance(profile.firstTimeFix)
        let fault = known ?? random.pick(random.pick(site.products).product.faults)
        // Done the same evening, by 20:00 at the latest, or days later once the part has come.
        let evening = DemoCalendar.midnight(arrival) + 20 * DemoCalendar.hour
        let completed =
            fixed
            ? arrival + random.seconds(hours: 1...max(1, min(5, Double(evening - arrival) / 3600)))
            : DemoCalendar.workingTime(after: arrival, hours: 20...96, random: &random)
        var parts: (part: String, quantity: Int)?
        if let part = fault.part, random.chance(0.85) { parts = (part, random.int(fault.quantity)) }
        plan.write(
            visit, at: called,
            [
                "kind": "repair", "region": site.regionValue, "technician": .string(random.pick(profile.technicians)),
                "called_at": DemoCalendar.text(called), "status": "open",
            ], references: ["customer": site.record])
        if !onTime, random.chance(profile.lateComplaint) {
            // Chased by phone while waiting, or told to the technician when at last on site.
            if random.chance(0.75) {
                let waited = Double(min(arrival, end) - called) / 3600
                let received = DemoCalendar.workingTime(
                    after: called, hours: 24.25...max(24.5, waited), random: &random)
                if received <= min(arrival, end) {
                    complaint(
                        site, channel: "phone", received: received, description: "报修超过 24 小时仍未上门", visit: visit,
                        random: &random)
                }
            } else {
                complaint(
                    site, channel: "visit", received: arrival + 600, description: "报修后等了一天多才上门", visit: visit,
                    random: &random)
            }
        }
        guard arrival <= end else { return }
        let work = (isRework ? "返修：" : "") + fault.work + (fixed ? "" : "（首次未能修复，配件到货后再次上门完成）")
        guard completed <= end else {
            plan.write(
                visit, at: arrival,
                ["arrived_at": DemoCalendar.text(arrival), "work_done": .string("已到场检修：\(fault.work)")])
            return
        }
        var closing: [String: JSONValue] = [
            "arrived_at": DemoCalendar.text(arrival), "completed_at": DemoCalendar.text(completed),
            "work_done": .string(work),
            "first_time_fix": .bool(fixed), "status": "closed",
        ]
        if let parts {
            closing["parts_used"] = .array([
                .object(["part": .string(parts.part), "quantity": .int(Int64(parts.quantity))])
            ])
            supplyPart(
                site, part: parts.part, quantity: parts.quantity, at: fixed ? arrival + 1800 : completed - 3600,
                visit: visit)
        }
        plan.write(visit, at: completed, closing)
        lastRepair = max(lastRepair, completed)
        opinionCard(site, visit: visit, after: completed, random: &random)
        if !isRework, random.chance(profile.rework) {
            let again = DemoCalendar.workingTime(after: completed, hours: 72...(25 * 24), random: &random)
            repair(site, called: again, fault: fault, isRework: true, random: &random)
        }
    }

    /// Training on site, noted in the customer's file too (7.0 §4.4: 培训情况).
    mutating func train(_ site: DemoSite, on day: Int64, random: inout SplitMix64) {
        let arrival = DemoCalendar.weekdayTime(onOrAfter: day, hours: 9...15, random: &random)
        let people = random.int(2...8)
        let products = site.products.map(\.product.rawValue).joined(separator: "、")
        let completed = arrival + random.seconds(hours: 2...3.5)
        simpleVisit(
            site, kind: "training", technician: random.pick(site.profile.technicians), arrival: arrival,
            completed: completed,
            work: "\(products)使用与日常维护培训，参训 \(people) 人", card: true, random: &random)
        if completed <= end {
            plan.write(
                site.record, at: completed,
                ["training": .string("\(DemoCalendar.date(completed)) \(products)使用与维护培训 \(people) 人")])
        }
    }

    /// A visit done in one stay: written when it is closed, or open if the stretch ends first.
    mutating func simpleVisit(
        _ site: DemoSite, kind: String, technician: String, arrival: Int64, completed: Int64, work: String, card: Bool,
        random: inout SplitMix64
    ) {
        guard arrival <= end else { return }
        let visit = plan.add(.visit)
        var values: [String: JSONValue] = [
            "kind": .string(kind), "region": site.regionValue, "technician": .string(technician),
            "arrived_at": DemoCalendar.text(arrival), "work_done": .string(work), "status": "open",
        ]
        guard completed <= end else {
            plan.write(visit, at: arrival, values, references: ["customer": site.record])
            return
        }
        values["completed_at"] = DemoCalendar.text(completed)
        values["status"] = "closed"
        plan.write(visit, at: completed, values, references: ["customer": site.record])
        if card { opinionCard(site, visit: visit, after: completed, random: &random) }
    }
}
