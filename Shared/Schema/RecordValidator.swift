/// Checks a record's values against its kind: every field, then the rules between fields.
///
/// A plain function of the values, so the agent checks before it writes and the
/// server can check what arrives. Fields this version does not know are left
/// alone: a newer version may have added them.
public enum RecordValidator {
    public static func problems(kind: RecordKind, values: [String: JSONValue]) -> [FieldProblem] {
        var problems = kind.fields.compactMap { $0.check(values[$0.name] ?? .null) }
        if problems.isEmpty { problems += crossFieldProblems(kind: kind, values: values) }
        return problems
    }

    private static func time(_ values: [String: JSONValue], _ name: String) -> ServiceTime? {
        values[name]?.stringValue.flatMap { try? ServiceTime(parsing: $0) }
    }

    private static func crossFieldProblems(kind: RecordKind, values: [String: JSONValue]) -> [FieldProblem] {
        var problems = [FieldProblem]()
        func notBefore(_ later: String, _ earlier: String, _ message: Message) {
            if let a = time(values, later), let b = time(values, earlier), a < b {
                problems.append(FieldProblem(field: later, message: message))
            }
        }
        switch kind {
        case .visit:
            notBefore("arrived_at", "called_at", Message("is before the repair call", zh: "早于报修时间"))
            notBefore("completed_at", "arrived_at", Message("is before the arrival", zh: "早于到达时间"))
            if values["kind"] == "repair" && (values["called_at"] ?? .null).isNull {
                problems.append(
                    FieldProblem(
                        field: "called_at",
                        message: Message(
                            "is required for a repair: the 24-hour target counts from it",
                            zh: "维修必须填写报修时间（24 小时到场从报修时算起）")))
            }
            if values["status"] == "closed" && (values["completed_at"] ?? .null).isNull {
                problems.append(
                    FieldProblem(
                        field: "completed_at",
                        message: Message("is required to close a visit", zh: "关闭上门服务前必须填写完成时间")))
            }
        case .complaint:
            notBefore("resolved_at", "received_at", Message("is before the complaint was received", zh: "早于受理时间"))
            if values["status"] == "resolved" {
                for name in ["resolution", "resolved_at"] where (values[name] ?? .null).isNull {
                    problems.append(
                        FieldProblem(
                            field: name,
                            message: Message("is required to resolve a complaint", zh: "解决投诉时必须填写")))
                }
            }
        case .attachment:
            problems += AttachmentRecord.problems(values)
        case .customer, .opinionCard, .partSupply:
            break
        }
        return problems
    }
}
