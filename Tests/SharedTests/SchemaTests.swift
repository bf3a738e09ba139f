import FieldSyncShared
import Testing

/// Field parsing, record validation and typed decoding.
@Suite struct SchemaTests {
    static let customerID = "019ac453-8800-7000-8000-000000000001"
    static let visitID = RecordID("019ac453-8800-7000-8000-000000000002")!

    func spec(_ kind: RecordKind, _ name: String) throws -> FieldSpec {
        try #require(kind.field(named: name), "\(kind) has no field \(name)")
    }

    func parse(_ kind: RecordKind, _ name: String, _ text: String) throws -> JSONValue {
        try spec(kind, name).parse(text, defaultOffset: nil)
    }

    func rejects(_ kind: RecordKind, _ name: String, _ text: String) throws -> Bool {
        let field = try spec(kind, name)
        do {
            _ = try field.parse(text, defaultOffset: nil)
            return false
        } catch {
            return error.field == name
        }
    }

    // MARK: FieldSpec.parse

    @Test func choicesTakeTheTokenTheEnglishLabelOrTheChineseLabel() throws {
        #expect(try parse(.visit, "kind", "repair") == "repair")
        #expect(try parse(.visit, "kind", "Return Visit") == "return-visit")
        #expect(try parse(.visit, "kind", "return visit") == "return-visit")
        #expect(try parse(.visit, "kind", "回访") == "return-visit")
        #expect(try parse(.visit, "kind", "安装调试") == "installation")
        #expect(try parse(.complaint, "severity", "重大") == "major")
        #expect(try parse(.complaint, "channel", "opinion card") == "opinion-card")
        #expect(try rejects(.visit, "kind", "painting"))
        #expect(try rejects(.visit, "kind", "修"))
    }

    @Test func ratingsTakeTheWordsOrAScoreFromOneToFive() throws {
        #expect(try parse(.opinionCard, "rating", "满意") == "satisfied")
        #expect(try parse(.opinionCard, "rating", "基本满意") == "fairly-satisfied")
        #expect(try parse(.opinionCard, "rating", "不满意") == "unsatisfied")
        #expect(try parse(.opinionCard, "rating", "Fairly Satisfied") == "fairly-satisfied")
        for score in 1...5 {
            #expect(try parse(.opinionCard, "rating", String(score)) == .int(Int64(score)))
        }
        #expect(try rejects(.opinionCard, "rating", "6"))
        #expect(try rejects(.opinionCard, "rating", "0"))
        #expect(try rejects(.opinionCard, "rating", "great"))
        #expect(try rejects(.opinionCard, "rating", ""), "the rating is required")
    }

    @Test func quantityIsAWholeNumberOfAtLeastOne() throws {
        #expect(try parse(.partSupply, "quantity", "1") == 1)
        #expect(try parse(.partSupply, "quantity", " 12 ") == 12)
        #expect(try rejects(.partSupply, "quantity", "0"))
        #expect(try rejects(.partSupply, "quantity", "-3"))
        #expect(try rejects(.partSupply, "quantity", "2.5"))
    }

    @Test func listItemsAreWrittenWithColons() throws {
        #expect(
            try parse(.customer, "products", "niche rack:NR-12:3")
                == [["product": "niche rack", "model": "NR-12", "quantity": 3]])
        // The required parts only, and the full-width colon of a Chinese keyboard.
        #expect(try parse(.customer, "products", "骨灰架：2") == [["product": "骨灰架", "quantity": 2]])
        #expect(try parse(.visit, "parts_used", "hinge:4") == [["part": "hinge", "quantity": 4]])
        #expect(try rejects(.customer, "products", "niche rack"))
        #expect(try rejects(.customer, "products", "a:b:c:d"))
    }

    @Test func otherFieldTypes() throws {
        #expect(try parse(.customer, "region", "华北") == "north")
        #expect(try parse(.customer, "region", "华北办事处") == "north")
        #expect(try parse(.customer, "region", "Southwest") == "southwest")
        #expect(try rejects(.customer, "region", "东北"))
        #expect(try parse(.visit, "first_time_fix", "是") == true)
        #expect(try parse(.visit, "first_time_fix", "no") == false)
        #expect(try parse(.visit, "called_at", "2026-11-27 09:30+0800") == "2026-11-27T09:30:00+08:00")
        #expect(
            try spec(.visit, "called_at").parse("2026-11-27 09:30", defaultOffset: 8 * 3600)
                == "2026-11-27T09:30:00+08:00")
        #expect(try rejects(.visit, "called_at", "2026-11-27 09:30"), "no zone and no default")
        #expect(try parse(.visit, "customer", Self.customerID.uppercased()) == .string(Self.customerID))
        #expect(try rejects(.visit, "customer", "c1"))
        #expect(try parse(.visit, "technician", "  ") == .null, "empty text clears an optional field")
        #expect(try rejects(.customer, "name", " "))
    }

    /// Regression, once a bug (Shared/Schema/FieldSpec+Values.swift, `parse`, case `.list`): a bad item part
    /// is rejected with the problem of the item field (`quantity`), not the list field the person
    /// typed (`products`), unlike `check`, which names the list field. The CLI would then point at
    /// a field the record does not have.
    @Test(arguments: [(RecordKind.customer, "products", "niche rack:NR-12:0"), (.visit, "parts_used", "hinge:0")])
    func listItemProblemNamesTheListField(kind: RecordKind, name: String, text: String)
        throws
    {
        let field = try spec(kind, name)
        do {
            let value = try field.parse(text, defaultOffset: nil)
            Issue.record("\(text) parsed as \(value)")
        } catch {
            #expect(error.field == name, "the problem names \(error.field), which \(kind) does not have")
        }
    }

    // MARK: RecordValidator

    var repairVisit: [String: JSONValue] {
        [
            "customer": .string(Self.customerID), "kind": "repair", "region": "north", "status": "open",
            "called_at": "2026-11-27T09:30:00+08:00", "arrived_at": "2026-11-28T08:00:00+08:00",
        ]
    }

    func problemFields(_ kind: RecordKind, _ values: [String: JSONValue]) -> [String] {
        RecordValidator.problems(kind: kind, values: values).map(\.field)
    }

    @Test func validRecordsHaveNoProblems() {
        #expect(problemFields(.visit, repairVisit).isEmpty)
        #expect(problemFields(.customer, ["name": "Huaxia Cemetery", "region": "south"]).isEmpty)
        #expect(
            problemFields(.opinionCard, ["customer": .string(Self.customerID), "region": "north", "rating": 5])
                .isEmpty)
    }

    @Test func requiredFieldsAreRequired() {
        #expect(problemFields(.customer, [:]) == ["name", "region"])
        #expect(problemFields(.customer, ["name": nil, "region": "north"]) == ["name"])
        #expect(
            Set(problemFields(.complaint, ["region": "north"]))
                == ["customer", "channel", "severity", "received_at", "description", "status"])
    }

    @Test func repairNeedsTheCallTime() {
        var values = repairVisit
        values["called_at"] = nil
        values["arrived_at"] = nil
        #expect(problemFields(.visit, values) == ["called_at"])
        values["kind"] = "maintenance"
        #expect(problemFields(.visit, values).isEmpty)
    }

    @Test func arrivalBeforeTheCallIsRejected() {
        var values = repairVisit
        values["arrived_at"] = "2026-11-27T01:00:00Z"  // 09:00 in Beijing, half an hour before the call
        #expect(problemFields(.visit, values) == ["arrived_at"])
        values["arrived_at"] = "2026-11-27T01:30:00Z"  // the same instant as the call
        #expect(problemFields(.visit, values).isEmpty)
        values["completed_at"] = "2026-11-27T09:00:00+08:00"
        #expect(problemFields(.visit, values) == ["completed_at"])
    }

    @Test func closedVisitNeedsCompletionTime() {
        var values = repairVisit
        values["status"] = "closed"
        #expect(problemFields(.visit, values) == ["completed_at"])
        values["completed_at"] = "2026-11-28T11:00:00+08:00"
        #expect(problemFields(.visit, values).isEmpty)
    }

    @Test func resolvedComplaintNeedsResolutionAndTime() {
        var values: [String: JSONValue] = [
            "customer": .string(Self.customerID), "region": "central", "channel": "phone", "severity": "general",
            "received_at": "2026-11-27T09:30:00+08:00", "description": "rack door sticks", "status": "resolved",
        ]
        #expect(problemFields(.complaint, values) == ["resolution", "resolved_at"])
        values["resolution"] = "hinge replaced"
        values["resolved_at"] = "2026-11-27T08:00:00+08:00"
        #expect(problemFields(.complaint, values) == ["resolved_at"], "resolved before received")
        values["resolved_at"] = "2026-11-28T08:00:00+08:00"
        #expect(problemFields(.complaint, values).isEmpty)
    }

    @Test func unknownFieldsPassAndBadValuesAreNamed() {
        var values = repairVisit
        values["added_by_a_newer_version"] = ["anything": [1, 2]]
        #expect(problemFields(.visit, values).isEmpty)
        values["first_time_fix"] = "maybe"
        values["parts_used"] = [["part": "hinge", "quantity": 0]]
        #expect(problemFields(.visit, values) == ["parts_used", "first_time_fix"])
    }

    // MARK: Typed records

    @Test func visitDecodesFromValues() throws {
        var values = repairVisit
        values["parts_used"] = [["part": "hinge", "quantity": 2]]
        values["first_time_fix"] = true
        values["technician"] = nil
        values["unknown"] = "kept in the state, ignored here"
        let visit = try Visit(id: Self.visitID, values: values)
        #expect(visit.id == Self.visitID)
        #expect(visit.customer == RecordID(Self.customerID))
        #expect(visit.kind == .repair && visit.region == .north && visit.status == .open)
        #expect(visit.calledAt == (try ServiceTime(parsing: "2026-11-27T09:30:00+08:00")))
        #expect(visit.partsUsed?.map(\.part) == ["hinge"] && visit.partsUsed?.map(\.quantity) == [2])
        #expect(visit.firstTimeFix == true)
        #expect(visit.technician == nil && visit.completedAt == nil)
    }

    @Test func otherKindsDecodeFromValues() throws {
        let customer: JSONValue = .string(Self.customerID)
        let card = try OpinionCard(
            id: Self.visitID,
            values: [
                "customer": customer, "region": "northwest", "rating": "fairly-satisfied",
                "filled_at": "2026-11-28T10:00:00+08:00",
            ])
        #expect(card.rating == .fairlySatisfied && card.region == .northwest)
        let scored = try OpinionCard(id: Self.visitID, values: ["customer": customer, "region": "north", "rating": 4])
        #expect(scored.rating == .score(4))
        let file = try Customer(
            id: Self.visitID,
            values: ["name": "Huaxia", "region": "south", "products": [["product": "urn", "quantity": 20]]])
        let products = try #require(file.products)
        #expect(products.count == 1 && products[0].product == "urn" && products[0].quantity == 20)
        #expect(products[0].model == nil)
    }

    @Test func typedDecodingRejectsValuesThatDoNotFit() {
        var values = repairVisit
        values["kind"] = "painting"
        #expect(throws: (any Error).self) { try Visit(id: Self.visitID, values: values) }
        #expect(throws: (any Error).self) {
            try OpinionCard(
                id: Self.visitID, values: ["customer": .string(Self.customerID), "region": "north", "rating": 6])
        }
        #expect(throws: (any Error).self) { try Customer(id: Self.visitID, values: ["region": "north"]) }
    }
}
