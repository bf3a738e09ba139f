import FieldSyncShared
import FieldSyncTestSupport
import Testing

/// `due --mine` / `--technician`: one technician's work out of the dispatch room's list.
@Suite struct DueListTechnicianTests {
    @Test func aTechnicianSeesTheirRepairCallsInstallationsComplaintsAndCardsOnly() throws {
        var fixture = ReportFixture()
        let customer = fixture.customer(name: "北京八宝山公墓")
        func visit(_ kind: String, technician: String?, called: String? = nil) -> RecordID {
            fixture.add(
                .visit,
                [
                    "customer": .string(customer.description), "kind": .string(kind), "region": "north",
                    "technician": technician.map(JSONValue.string), "called_at": called.map(JSONValue.string),
                    "status": "open",
                ])
        }
        let mine = visit("repair", technician: "陈杰", called: "2026-11-20T08:00+08:00")
        let older = visit("repair", technician: " 陈杰 ", called: "2026-11-19T20:00+08:00")
        _ = visit("repair", technician: "李明", called: "2026-11-19T08:00+08:00")
        _ = visit("repair", technician: nil, called: "2026-11-19T08:00+08:00")
        let install = visit("installation", technician: "陈杰")
        _ = visit("installation", technician: "李明")
        let handled = fixture.add(
            .complaint,
            [
                "customer": .string(customer.description), "region": "north", "channel": "phone",
                "severity": "general", "received_at": "2026-11-19T09:00+08:00", "description": "门不好关",
                "handler": "陈杰", "status": "open",
            ])
        _ = fixture.complaint(customer: customer, received: "2026-11-19T10:00+08:00", resolved: false)
        let card = fixture.card(
            customer: customer, rating: "unsatisfied", filled: "2026-11-20T08:30+08:00", visit: install)

        let now = try ServiceTime(parsing: "2026-11-20T09:00+08:00")
        let records = ServiceRecords(fixture.records)
        let due = DueList(records: records, now: now, scope: .north, technician: "陈杰")
        #expect(due.technician == "陈杰")
        #expect(due.repairs.map(\.visit) == [older, mine], "oldest call first")
        #expect(due.repairs.map(\.hoursLeft) == [11, 23])
        #expect(due.repairs.allSatisfy { $0.technician?.contains("陈杰") == true })
        #expect(due.commissioning.map(\.visit) == [install])
        #expect(due.feedback.map(\.complaint) == [handled])
        #expect(due.unansweredCards.map(\.card) == [card])
        #expect(due.returnVisits.isEmpty, "the return-visit plan is the office's")

        let office = DueList(records: records, now: now, scope: .north)
        #expect(office.technician == nil)
        #expect(office.repairs.count == 4)
        #expect(office.commissioning.count == 2)
        #expect(office.feedback.count == 2)
        #expect(DueList(records: records, now: now, scope: .north, technician: "王五").repairs.isEmpty)

        let read = try DueList(json: due.json())
        #expect(read.technician == "陈杰" && read.repairs.map(\.visit) == [older, mine])
    }
}
