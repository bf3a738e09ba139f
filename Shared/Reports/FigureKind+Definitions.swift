/// What each figure counts, in both languages, for `fieldsync report --definitions` and the web page.
extension FigureKind {
    /// Exactly what the figure counts and how it is judged.
    public var definition: Message {
        switch self {
        case .onSite24h:
            Message(
                "Repair visits whose call (called_at) falls in the period. On time: arrival − call ≤ 24 h; "
                    + "exactly 24 h is on time, one second more is late. A call with no arrival yet is late once "
                    + "its 24 h have run out before the cut-off (the end of the period, or the moment the report "
                    + "is made if earlier); until then it is pending and left out. Misses list the late visits.",
                zh: "报修时间在统计期间内的维修上门。准时：到达时间 − 报修时间 ≤ 24 小时；恰好 24 小时算准时，多一秒即超时。"
                    + "尚未到达的报修，若截止时刻（期间结束，或出报表的时刻，取较早者）前 24 小时已过，计为超时；"
                    + "否则为待定，不计入。未达标明细列出超时的上门记录。")
        case .firstTimeFix:
            Message(
                "Closed repair visits completed (completed_at) in the period with first-time fix recorded; "
                    + "met when it says yes. Closed repairs where it was not recorded are pending and listed.",
                zh: "完成时间在统计期间内、已关闭且填写了“一次成功”的维修上门；填“是”为成功。未填写的列为待定，不计入。")
        case .rework:
            Message(
                "Rework (返修): a closed repair completed in the period is reworked when another repair call for "
                    + "the same customer (any region) comes in after its completion and within 30 days (720 h), "
                    + "unless that repair was itself recorded as not fixed the first time (the follow-up then "
                    + "finishes the same job and counts against first-time fix). Rate = reworked ÷ closed repairs "
                    + "completed in the period; misses list the reworked repairs. A repair completed less than "
                    + "30 days before the report can still turn into rework.",
                zh: "返修：统计期间内完成并关闭的维修，在完成后 30 天（720 小时）内同一客户（任何区域）又报修，即计为返修；"
                    + "但该次维修本身记为“非一次成功”的除外（后续上门属于同一次维修的继续，计入一次成功率）。"
                    + "返修率 = 返修数 ÷ 期间内完成并关闭的维修数；明细列出被返修的维修。完成不足 30 天的维修仍可能变为返修。")
        case .complaintRate:
            Message(
                "Complaints received (received_at) in the period ÷ customers served in the period. A customer is "
                    + "served when one of their visits, of any kind, was attended in the period (arrival, or "
                    + "completion when no arrival is recorded); each customer counts once, every complaint counts.",
                zh: "期间内受理的投诉数 ÷ 期间内服务过的客户数。客户在期间内有任何类型的上门（按到达时间，无到达时间则按完成时间）"
                    + "即为服务过的客户，每个客户只计一次；每件投诉都计入。")
        case .complaintResolution:
            Message(
                "Complaints received in the period that are resolved ÷ all complaints received in the period. "
                    + "Open complaints are the misses and are listed; no complaints is no data, not 0% or 100%.",
                zh: "期间内受理且已解决的投诉 ÷ 期间内受理的全部投诉。未解决的投诉列为未达标明细；没有投诉为“无数据”，不是 0% 或 100%。")
        case .complainantSatisfaction:
            Message(
                "Resolved complaints received in the period with “complainant satisfied” recorded; met when "
                    + "it says yes. Resolved complaints where it was not recorded are pending and listed.",
                zh: "期间内受理、已解决且填写了“投诉人满意”的投诉；填“是”为满意。未填写的列为待定，不计入。")
        case .customerSatisfaction:
            Message(
                "Opinion cards filled in the period (filled_at, or the date their visit was attended when it is "
                    + "missing). Satisfied: 满意 (satisfied) or a score of 4–5. 基本满意 (fairly satisfied), 不满意 "
                    + "and scores 1–3 are not: the manual's goal is 满意 from every customer, and the five-point "
                    + "scale maps 5–4 to 满意, 3 to 基本满意, 2–1 to 不满意. Cards with no date are not counted.",
                zh: "期间内填写的意见卡（按填写时间，未填则按其上门日期）。满意：“满意”或 4–5 分。“基本满意”、“不满意”及 1–3 分"
                    + "不算满意：手册目标是每位顾客都“满意”；五分制对应为 5–4 分满意、3 分基本满意、2–1 分不满意。无日期的意见卡不计入。")
        case .majorComplaints:
            Message(
                "Complaints of severity major (重大) received from January 1 of the period's year through the "
                    + "period's last day. Target: none.",
                zh: "从统计期间所在年份的 1 月 1 日到期间最后一天受理的重大投诉件数。目标：零。")
        case .returnVisits:
            Message(
                "Customers given a return visit (回访), attended from January 1 of the period's year through its "
                    + "last day ÷ customers served in the same stretch (each customer once). Early in the year "
                    + "it shows progress towards the annual goal.",
                zh: "从期间所在年份 1 月 1 日到期间最后一天有回访的客户数 ÷ 同期服务过的客户数（每个客户只计一次）。年初显示的是全年目标的进度。")
        case .score:
            Message(
                "Out of 100. Every other figure with data has an equal share of the points (figures without "
                    + "data are left out and the rest share theirs). A met figure earns its full share; a missed "
                    + "one at most half, falling linearly to nothing at 10 percentage points below an at-least "
                    + "target (at 0 for targets under 10%) or at twice an at-most limit; any major complaint "
                    + "earns nothing. A section where no ratio has data is not graded. Rounded to one decimal, "
                    + "then graded: under 70 fail, 70–79.9 pass, 80–89.9 good, 90 and above excellent.",
                zh: "满分 100。其余每项有数据的指标平均分配分值（无数据的指标不计，其分值由其余指标分摊）。达标得全部分值；"
                    + "未达标最多得一半，并随差距线性递减：下限目标低于目标 10 个百分点（目标低于 10% 的降到 0）时为零，"
                    + "上限目标达到上限两倍时为零；有任何重大投诉该项为零。没有任何比率有数据的单位不评分。"
                    + "保留一位小数后评级：70 以下不及格，70–79.9 及格，80–89.9 较好，90 及以上优秀。")
        }
    }

    /// What holds for every figure: dates, conflicts, records left out.
    public static let commonDefinition = Message(
        "A record is in a period when its time's local date — in the zone it was recorded in — is one of the "
            + "period's days, whatever the server's zone. Deleted records are left out; records in conflict count "
            + "with their provisional values and are listed under open conflicts; records that cannot be read are "
            + "counted as undecodable. A ratio with no denominator is no data and is left out of the score.",
        zh: "记录时间按其自身时区的当地日期判断是否属于统计期间，与服务器时区无关。已删除的记录不计入；有冲突的记录按暂定值计入，"
            + "并列在未解决冲突中；无法读取的记录计为无法解析。分母为零的比率为“无数据”，不计入得分。")
}
