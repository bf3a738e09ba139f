import FieldSyncShared

/// The due list as a dispatch clerk reads it: one short table per kind of work.
struct DuePresenter {
    let language: Language

    func render(_ due: DueList) -> String {
        var out = [String]()
        func section(_ english: String, _ chinese: String, _ count: Int) {
            out.append("")
            out.append("## " + language.text(english, zh: chinese) + " (\(count))")
        }
        func hours(_ value: Double) -> String {
            let rounded = Int(value.rounded(.towardZero))
            if value < 0 { return language.text("\(-rounded) h overdue", zh: "已超 \(-rounded) 小时") }
            return language.text("\(rounded) h left", zh: "剩 \(rounded) 小时")
        }
        func who(_ name: String?, _ id: RecordID) -> String { name ?? id.description }

        if let technician = due.technician {
            out.append(
                language.text(
                    "Due for \(technician) as of \(due.now.shortDescription)",
                    zh: "\(technician) 的待办（截至 \(due.now.shortDescription)）"))
        } else {
            out.append(language.text("Due as of \(due.now.shortDescription)", zh: "待办（截至 \(due.now.shortDescription)）"))
        }

        section("Repair calls with no arrival yet (24-hour target)", "报修未到场（24 小时到场）", due.repairs.count)
        var repairs = TextTable(
            headers: language.text(
                ["Visit", "Customer", "Region", "Called", "Target"], zh: ["上门服务", "客户", "区域", "报修时间", "时限"]))
        for call in due.repairs {
            repairs.append([
                call.visit.description, who(call.customerName, call.customer), call.region.name(in: language),
                call.calledAt.shortDescription, hours(call.hoursLeft),
            ])
        }
        if !due.repairs.isEmpty { out.append(repairs.render()) }

        section("Installations without their 72-hour commissioning result", "安装未填 72 小时试运行结果", due.commissioning.count)
        var installs = TextTable(
            headers: language.text(
                ["Visit", "Customer", "Region", "Started", "Due"], zh: ["上门服务", "客户", "区域", "开始", "时限"]))
        for item in due.commissioning {
            installs.append([
                item.visit.description, who(item.customerName, item.customer), item.region.name(in: language),
                item.startedAt?.shortDescription ?? language.text("not arrived", zh: "未到场"),
                item.hoursLeft.map(hours) ?? "",
            ])
        }
        if !due.commissioning.isEmpty { out.append(installs.render()) }

        section("Complaints without feedback to the complainant", "投诉未反馈", due.feedback.count)
        var complaints = TextTable(
            headers: language.text(
                ["Complaint", "Customer", "Region", "Received", ""], zh: ["投诉", "客户", "区域", "受理时间", ""]))
        for item in due.feedback {
            complaints.append([
                item.complaint.description, who(item.customerName, item.customer), item.region.name(in: language),
                item.receivedAt.shortDescription,
                item.forGeneralManager ? language.text("MAJOR: to the general manager", zh: "重大：报总经理") : "",
            ])
        }
        if !due.feedback.isEmpty { out.append(complaints.render()) }

        section("Unsatisfied opinion cards nobody followed up", "不满意意见卡未跟进", due.unansweredCards.count)
        var cards = TextTable(
            headers: language.text(["Card", "Customer", "Region", "Filled"], zh: ["意见卡", "客户", "区域", "填写时间"]))
        for item in due.unansweredCards {
            cards.append([
                item.card.description, who(item.customerName, item.customer), item.region.name(in: language),
                item.filledAt?.shortDescription ?? "",
            ])
        }
        if !due.unansweredCards.isEmpty {
            out.append(cards.render())
            out.append(
                language.text(
                    "open a complaint with `fieldsync complaint add --channel opinion-card --card ID`",
                    zh: "可用 `fieldsync complaint add --channel opinion-card --card ID` 登记投诉"))
        }

        if due.technician == nil {
            section("Return visits (5% of the year's customers)", "回访计划（全年客户的 5%）", due.returnVisits.count)
        }
        for plan in due.returnVisits {
            out.append(
                language.text(
                    "\(plan.region.englishName) \(plan.year): \(plan.customersServed) customers served, \(plan.needed) return visits needed, \(plan.done) done, \(plan.remaining) to go",
                    zh:
                        "\(plan.region.chineseName) \(plan.year)：服务客户 \(plan.customersServed)，需回访 \(plan.needed)，已回访 \(plan.done)，还差 \(plan.remaining)"
                )
            )
            guard plan.remaining > 0 else { continue }
            var table = TextTable(headers: language.text(["Customer", "Why", "Last visit"], zh: ["客户", "原因", "上次上门"]))
            for candidate in plan.candidates.prefix(max(plan.remaining, 5)) {
                table.append([
                    candidate.customerName, candidate.reason.message.text(in: language),
                    candidate.lastVisit?.shortDescription ?? "",
                ])
            }
            out.append(table.render())
        }

        section("Not to be trusted yet: open conflicts", "存在冲突、暂不可信的记录", due.untrusted.count)
        for item in due.untrusted {
            out.append("\(item.kind) \(item.id): \(item.fields.joined(separator: ", "))")
        }
        if !due.untrusted.isEmpty {
            out.append(language.text("see `fieldsync conflicts` to settle them", zh: "用 `fieldsync conflicts` 查看并处理"))
        }
        return out.joined(separator: "\n")
    }
}
