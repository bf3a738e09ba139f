import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import Testing

/// `PushDecision.decide`: what the server does with one pushed record, with no I/O.
@Suite struct PushDecisionTests {
    let r1 = TestReplicas.first
    let r2 = TestReplicas.second
    let r3 = TestReplicas.third
    let southTechnician = Identity(tokenID: 1, name: "Li Wei", role: .technician, region: .south)
    let headquarters = Identity(tokenID: 9, name: "headquarters", role: .hq, region: nil)

    func decide(_ pushed: WireRecord, existing: WireRecord? = nil, pusher: ReplicaID? = nil, identity: Identity? = nil)
        -> PushDecision
    {
        PushDecision.decide(
            pushed: pushed, existing: existing.map { ($0.kind, $0.state) }, pusher: pusher ?? r1,
            identity: identity ?? southTechnician)
    }

    /// The code of a rejection or refusal, and whether the whole push is refused.
    func failing(_ decision: PushDecision) -> (code: String, refused: Bool, reason: String)? {
        switch decision {
        case .reject(let code, let reason): (code, false, reason)
        case .refuse(let code, let reason): (code, true, reason)
        case .store, .unchanged: nil
        }
    }

    /// The stored state, region, outcome and conflicts opened of a `.store` decision.
    func stored(_ decision: PushDecision) -> (state: RecordState, region: Region, outcome: PushOutcome, opened: Int)? {
        guard case .store(let state, let region, let outcome, let opened) = decision else { return nil }
        return (state, region, outcome, opened)
    }

    // MARK: Merging

    @Test func hugeTextIsRejectedInKnownAndUnknownFields() {
        let long = JSONValue.string(String(repeating: "x", count: 70 * 1024))
        let known = WireRecord.customer(
            .test(3), region: .south, name: String(repeating: "名", count: 10_001), dot: r1.dot(1))
        #expect(failing(decide(known))?.code == "invalid_record")
        let unknown = WireRecord.customer(
            .test(4), region: .south, dot: r1.dot(1), ["field_from_a_newer_version": long])
        #expect(failing(decide(unknown))?.code == "invalid_record")
        let fine = WireRecord.customer(.test(5), region: .south, dot: r1.dot(1), ["field_from_a_newer_version": "kept"])
        #expect(failing(decide(fine)) == nil, "unknown fields of a sane size pass through")
    }

    @Test func newRecordInScopeIsStoredAsApplied() {
        let customer = WireRecord.customer(.test(1), region: .south, dot: r1.dot(1))
        #expect(decide(customer) == .store(customer.state, region: .south, outcome: .applied, conflictsOpened: 0))
    }

    @Test func sameStateAgainChangesNothing() {
        let customer = WireRecord.customer(.test(1), region: .south, dot: r1.dot(1))
        #expect(decide(customer, existing: customer) == .unchanged(outcome: .applied))
        // An older state the server has already moved past changes nothing either, from a replica
        // that pulled it: its writer's later write stands.
        let later = customer.writing(["phone": "0795-1"], dot: r1.dot(2))
        #expect(decide(customer, existing: later, pusher: r2) == .unchanged(outcome: .applied))
        // From its writer it is a copy that forgot its own write 2: refused, never merged away.
        #expect(failing(decide(customer, existing: later))?.code == SyncErrorCode.replicaForked)
    }

    @Test func concurrentWriteOfOneFieldOpensOneConflict() throws {
        let base = WireRecord.customer(.test(1), region: .south, dot: r1.dot(1))
        let onServer = base.writing(["phone": "0795-1111"], dot: r1.dot(2))
        let pushed = base.writing(["phone": "0795-2222"], dot: r2.dot(1))
        let result = try #require(stored(decide(pushed, existing: onServer, pusher: r2)))
        #expect(result.outcome == .conflict)
        #expect(result.opened == 1)
        #expect(result.region == .south)
        #expect(result.state.conflicts.map(\.field) == ["phone"])
        #expect(Set(result.state.fields["phone"]?.map(\.dot) ?? []) == [r1.dot(2), r2.dot(1)])
        // Pushing the same again: nothing new, the conflict still reported.
        #expect(decide(pushed, existing: onServer.merging(pushed), pusher: r2) == .unchanged(outcome: .conflict))
    }

    @Test func editOfAnotherFieldMergesCleanly() throws {
        let base = WireRecord.customer(.test(1), region: .south, dot: r1.dot(1))
        let onServer = base.writing(["phone": "0795-1111"], dot: r1.dot(2))
        let pushed = base.writing(["address": "Guangzhou"], dot: r2.dot(1))
        let result = try #require(stored(decide(pushed, existing: onServer, pusher: r2)))
        #expect(result.outcome == .applied && result.opened == 0)
        #expect(result.state.value(of: "phone") == "0795-1111" && result.state.value(of: "address") == "Guangzhou")
    }

    // MARK: Scope

    @Test func technicianCannotPushARecordOfAnotherRegion() throws {
        let north = WireRecord.customer(.test(1), region: .north, dot: r1.dot(1))
        let failure = try #require(failing(decide(north)))
        #expect(failure.code == SyncErrorCode.outOfScope && failure.refused)
    }

    @Test func technicianMayMoveOwnRecordToAnotherRegion() throws {
        let onServer = WireRecord.customer(.test(1), region: .south, dot: r1.dot(1))
        let moved = onServer.writing(["region": "north"], dot: r1.dot(2))
        let result = try #require(stored(decide(moved, existing: onServer)))
        #expect(result.region == .north && result.outcome == .applied)
    }

    @Test func technicianCannotUpdateOrTakeARecordOfAnotherRegion() throws {
        let onServer = WireRecord.customer(.test(1), region: .north, dot: r2.dot(1))
        let edited = onServer.writing(["phone": "010-1"], dot: r1.dot(1))
        let editFailure = try #require(failing(decide(edited, existing: onServer)))
        #expect(editFailure.code == SyncErrorCode.outOfScope && editFailure.refused)
        // Claiming it for the south does not help: the server's copy decides.
        let taken = onServer.writing(["region": "south"], dot: r1.dot(1))
        let takeFailure = try #require(failing(decide(taken, existing: onServer)))
        #expect(takeFailure.code == SyncErrorCode.outOfScope && takeFailure.refused)
    }

    @Test func headquartersMayPushEveryRegion() throws {
        for (number, region) in Region.allCases.enumerated() {
            let record = WireRecord.customer(.test(UInt64(number + 1)), region: region, dot: r3.dot(1))
            let result = try #require(stored(decide(record, pusher: r3, identity: headquarters)))
            #expect(result.region == region)
            let edited = record.writing(["phone": "1"], dot: r3.dot(2))
            #expect(stored(decide(edited, existing: record, pusher: r3, identity: headquarters)) != nil)
        }
    }

    // MARK: Forgery

    @Test func dotOfAnotherReplicaTheServerHasNotSeenIsForged() throws {
        let foreign = WireRecord.customer(.test(1), region: .south, dot: r2.dot(1))
        let failure = try #require(failing(decide(foreign, pusher: r1)))
        #expect(failure.code == SyncErrorCode.forgedDot && failure.refused)
        // Nor may a replica claim a later write of another replica than the server holds.
        let onServer = foreign
        let ahead = onServer.writing(["phone": "1"], dot: r2.dot(2)).writing(["address": "Foshan"], dot: r1.dot(1))
        #expect(failing(decide(ahead, existing: onServer, pusher: r1))?.code == SyncErrorCode.forgedDot)
    }

    @Test func dotOfAnotherReplicaTheServerHasSeenIsFine() throws {
        let onServer = WireRecord.customer(.test(1), region: .south, dot: r2.dot(1))
        // Relaying the server's own state with a write of one's own on top.
        let pushed = onServer.writing(["phone": "0795-3"], dot: r1.dot(1))
        let result = try #require(stored(decide(pushed, existing: onServer, pusher: r1)))
        #expect(result.outcome == .applied)
        #expect(result.state.context == VersionVector([r1: 1, r2: 1]))
    }

    // MARK: Validation

    @Test func unknownKindIsRejected() throws {
        let record = WireRecord.customer(.test(1), region: .south, dot: r1.dot(1)).withKind("invoice")
        let failure = try #require(failing(decide(record)))
        #expect(failure.code == "unknown_kind" && !failure.refused)
    }

    @Test func kindDifferentFromTheServersIsRejected() throws {
        let onServer = WireRecord.customer(.test(1), region: .south, dot: r1.dot(1))
        let pushed = onServer.writing(["status": "open"], dot: r1.dot(2)).withKind("visit")
        #expect(failing(decide(pushed, existing: onServer))?.code == "kind_mismatch")
    }

    @Test(arguments: [
        WireRecord.opinionCard(.test(2), customer: .test(1), region: .south, rating: 9, dot: TestReplicas.first.dot(1)),
        WireRecord.opinionCard(
            .test(2), customer: .test(1), region: .south, rating: "delighted", dot: TestReplicas.first.dot(1)),
        WireRecord.partSupply(
            .test(3), customer: .test(1), region: .south, quantity: 0, dot: TestReplicas.first.dot(1)),
        WireRecord.partSupply(.test(3), customer: .test(1), region: .south, quantity: 2, dot: TestReplicas.first.dot(1))
            .writing(["customer": "not-an-id"], dot: TestReplicas.first.dot(2)),
        WireRecord.customer(.test(1), region: .south, name: "  ", dot: TestReplicas.first.dot(1)),
    ])
    func invalidFieldValueIsRejected(record: WireRecord) throws {
        let failure = try #require(failing(decide(record)))
        #expect(failure.code == "invalid_record" && !failure.refused)
        #expect(!failure.reason.isEmpty)
    }

    @Test func recordWithoutARequiredFieldIsRejected() throws {
        var state = RecordState()
        state.write(["region": "south"], dot: r1.dot(1))
        let nameless = WireRecord(id: .test(1), kind: "customer", state: state)
        let failure = try #require(failing(decide(nameless)))
        #expect(failure.code == "invalid_record" && failure.reason.contains("name"))
    }

    @Test func validQuantityAndRatingAreStored() {
        let card = WireRecord.opinionCard(
            .test(2), customer: .test(1), region: .south, rating: "satisfied", dot: r1.dot(1))
        let part = WireRecord.partSupply(.test(3), customer: .test(1), region: .south, quantity: 2, dot: r1.dot(2))
        #expect(stored(decide(card)) != nil)
        #expect(stored(decide(part)) != nil)
    }

    // MARK: Opinion cards

    @Test func filledOpinionCardCannotBeChanged() throws {
        let card = WireRecord.opinionCard(.test(2), customer: .test(1), region: .south, rating: 5, dot: r1.dot(1))
        let changed = card.writing(["rating": 1], dot: r1.dot(2))
        let failure = try #require(failing(decide(changed, existing: card)))
        #expect(failure.code == "immutable" && !failure.refused)
    }

    @Test func filledOpinionCardCanBeDeleted() throws {
        let card = WireRecord.opinionCard(.test(2), customer: .test(1), region: .south, rating: 5, dot: r1.dot(1))
        let deleted = card.deleting(dot: r1.dot(2))
        let result = try #require(stored(decide(deleted, existing: card)))
        #expect(result.state.isDeleted && result.outcome == .applied)
    }
}
