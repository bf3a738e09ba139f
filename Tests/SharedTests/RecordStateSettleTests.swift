import FieldSyncShared
import FieldSyncTestSupport
import Testing

/// Deletes, delete-versus-edit conflicts and settlements.
@Suite struct RecordStateSettleTests {
    let r1 = TestReplicas.first
    let r2 = TestReplicas.second
    let r3 = TestReplicas.third
    let liWei = Settlement(by: "Li Wei", at: "2026-11-27T10:00:00+08:00", reason: "customer confirmed")

    /// A customer with three fields; r1 deletes it while r2 changes the phone.
    func deleteVersusEdit() -> (deleter: RecordState, editor: RecordState, merged: RecordState) {
        var base = RecordState()
        base.write(["name": "Huaxia Cemetery", "phone": "0795-1", "address": "Nanchang"], dot: r1.dot(1))
        var deleter = base
        deleter.delete(dot: r1.dot(2))
        var editor = base
        editor.write(["phone": "0795-9"], dot: r2.dot(1))
        return (deleter, editor, deleter.merged(with: editor))
    }

    /// Settles a copy; the error, if any, and the copy afterwards.
    func settling(
        _ state: RecordState, field: String, choice: SettlementChoice, seen: Set<Dot>, dot: Dot
    ) -> (error: SettleError?, state: RecordState) {
        var copy = state
        do {
            try copy.settle(field: field, choice: choice, seen: seen, settlement: liWei, dot: dot)
            return (nil, copy)
        } catch {
            return (error, copy)
        }
    }

    @Test func deleteClearsEveryFieldAndKeepsWhatItCleared() {
        let (deleter, _, _) = deleteVersusEdit()
        #expect(deleter.isDeleted)
        #expect(deleter.values.isEmpty)
        #expect(deleter.fields["phone"] == [DottedValue(dot: r1.dot(2), value: .tombstone(previous: "0795-1"))])
        #expect(deleter.fields[RecordState.deletedField] == [DottedValue(dot: r1.dot(2), value: .value(true))])
        #expect(!deleter.hasConflicts)
    }

    @Test func deleteConcurrentWithEditConflictsInTheEditedField() throws {
        let (deleter, editor, merged) = deleteVersusEdit()
        #expect(merged == editor.merged(with: deleter))
        #expect(merged.isDeleted)
        #expect(merged.conflicts.map(\.field) == ["phone"])
        let conflict = try #require(merged.conflicts.first)
        #expect(
            Set(conflict.values) == [
                DottedValue(dot: r1.dot(2), value: .tombstone(previous: "0795-1")),
                DottedValue(dot: r2.dot(1), value: .value("0795-9")),
            ])
        // The fields nobody edited stay cleared.
        #expect(merged.value(of: "name") == nil)
        #expect(merged.fields["name"]?.allSatisfy(\.value.isTombstone) == true)
    }

    @Test func keepingTheEditRestoresTheRecord() throws {
        let (deleter, editor, merged) = deleteVersusEdit()
        let seen: Set<Dot> = [r1.dot(2), r2.dot(1)]
        let (error, restored) = settling(merged, field: "phone", choice: .keep(r2.dot(1)), seen: seen, dot: r3.dot(1))
        #expect(error == nil)
        #expect(!restored.isDeleted)
        #expect(!restored.hasConflicts)
        #expect(restored.values == ["name": "Huaxia Cemetery", "phone": "0795-9", "address": "Nanchang"])
        #expect(restored.fields[RecordState.deletedField] == [DottedValue(dot: r3.dot(1), value: .value(false))])
        // The settlement reaches both sides and settles it there too.
        #expect(deleter.merged(with: restored) == restored)
        #expect(editor.merged(with: restored) == restored)
    }

    /// Regression (found by the fault-injection runs): r1 and r3 delete at once while r2 edits;
    /// r2 restores over r1's delete before r3's arrives. Restoring again over r3's delete must give
    /// every field its one value back, not leave tombstones beside the values restored earlier.
    @Test func restoringOverASecondConcurrentDeleteKeepsTheFieldsRestoredEarlier() throws {
        let (_, _, merged) = deleteVersusEdit()
        var late = RecordState()
        late.write(["name": "Huaxia Cemetery", "phone": "0795-1", "address": "Nanchang"], dot: r1.dot(1))
        late.delete(dot: r3.dot(9))

        let restored = settling(
            merged, field: "phone", choice: .keep(r2.dot(1)), seen: [r1.dot(2), r2.dot(1)], dot: r2.dot(2)
        ).state
        #expect(!restored.isDeleted)
        let again = restored.merged(with: late)
        #expect(again.isDeleted, "the later delete wins the deleted flag provisionally")
        let phone = again.standing("phone")
        let kept = try #require(phone.first { !$0.value.isTombstone })
        let (error, settled) = settling(
            again, field: "phone", choice: .keep(kept.dot), seen: Set(phone.map(\.dot)), dot: r3.dot(10))
        #expect(error == nil)
        #expect(!settled.isDeleted)
        #expect(!settled.hasConflicts, "\(settled.conflicts.map(\.field))")
        #expect(settled.values == ["name": "Huaxia Cemetery", "phone": "0795-9", "address": "Nanchang"])
        #expect(settled.merged(with: late) == settled && late.merged(with: settled) == settled)
    }

    @Test func keepingTheTombstoneConfirmsTheDelete() {
        let (deleter, editor, merged) = deleteVersusEdit()
        let seen: Set<Dot> = [r1.dot(2), r2.dot(1)]
        let (error, confirmed) = settling(merged, field: "phone", choice: .keep(r1.dot(2)), seen: seen, dot: r3.dot(1))
        #expect(error == nil)
        #expect(confirmed.isDeleted)
        #expect(confirmed.values.isEmpty)
        #expect(!confirmed.hasConflicts)
        #expect(confirmed.fields["phone"] == [DottedValue(dot: r3.dot(1), value: .tombstone(previous: "0795-1"))])
        #expect(editor.merged(with: confirmed) == confirmed && deleter.merged(with: confirmed) == confirmed)
    }

    @Test func settlingWithANewValueOverADeleteRestoresToo() {
        let (_, _, merged) = deleteVersusEdit()
        let seen: Set<Dot> = [r1.dot(2), r2.dot(1)]
        let (error, restored) = settling(merged, field: "phone", choice: .value("0795-7"), seen: seen, dot: r3.dot(1))
        #expect(error == nil)
        #expect(restored.values == ["name": "Huaxia Cemetery", "phone": "0795-7", "address": "Nanchang"])
    }

    @Test func settlementRecordsByAtReasonAndWhatItSuperseded() throws {
        var a = RecordState()
        a.write(["phone": "0795-1"], dot: r1.dot(1))
        var b = RecordState()
        b.write(["phone": "0795-2"], dot: r2.dot(1))
        let merged = a.merged(with: b)
        let (error, settled) = settling(
            merged, field: "phone", choice: .keep(r1.dot(1)), seen: [r1.dot(1), r2.dot(1)], dot: r3.dot(1))
        #expect(error == nil)
        #expect(settled.value(of: "phone") == "0795-1")
        #expect(!settled.hasConflicts)
        let record = try #require(settled.settlement(of: "phone")?.objectValue)
        #expect(record["by"] == "Li Wei")
        #expect(record["at"] == "2026-11-27T10:00:00+08:00")
        #expect(record["reason"] == "customer confirmed")
        #expect(record["kept"] == .string(r1.dot(1).description))
        #expect(record["superseded"] == [.string(r1.dot(1).description), .string(r2.dot(1).description)])
        #expect(settled.fields[RecordState.settlementPrefix + "phone"]?.map(\.dot) == [r3.dot(1)])
        #expect(settled.settlement(of: "name") == nil)
        #expect(settled.values.keys.sorted() == ["phone"])
    }

    @Test func lateConcurrentEditReopensTheConflict() throws {
        var base = RecordState()
        base.write(["phone": "0795-0"], dot: r1.dot(1))
        var a = base
        a.write(["phone": "0795-1"], dot: r1.dot(2))
        var b = base
        b.write(["phone": "0795-2"], dot: r2.dot(1))
        let (error, settled) = settling(
            a.merged(with: b), field: "phone", choice: .keep(r2.dot(1)), seen: [r1.dot(2), r2.dot(1)],
            dot: r3.dot(1))
        #expect(error == nil)

        // b edits again before the settlement reaches it: the settler never saw that edit.
        var late = b
        late.write(["phone": "0795-3"], dot: r2.dot(2))
        let reopened = settled.merged(with: late)
        #expect(reopened == late.merged(with: settled))
        let conflict = try #require(reopened.conflicts.first)
        #expect(Set(conflict.values.map(\.dot)) == [r3.dot(1), r2.dot(2)])

        // An edit made after seeing the settlement does not reopen it.
        var after = settled
        after.write(["phone": "0795-4"], dot: r1.dot(3))
        #expect(!settled.merged(with: after).hasConflicts)
    }

    @Test func settleThrowsNoConflictForAFieldWithOneValue() {
        let (_, editor, _) = deleteVersusEdit()
        let (error, state) = settling(
            editor, field: "phone", choice: .keep(r2.dot(1)), seen: [r2.dot(1)], dot: r3.dot(1))
        #expect(error == .noConflict(field: "phone"))
        #expect(state == editor)
        #expect(
            settling(editor, field: "missing", choice: .value(1), seen: [], dot: r3.dot(1)).error
                == .noConflict(field: "missing"))
    }

    @Test func settleThrowsConflictChangedWhenTheSeenDotsDiffer() {
        let (_, _, merged) = deleteVersusEdit()
        for seen: Set<Dot> in [[r2.dot(1)], [r1.dot(2), r2.dot(1), r3.dot(9)], []] {
            let (error, state) = settling(merged, field: "phone", choice: .keep(r2.dot(1)), seen: seen, dot: r3.dot(1))
            #expect(error == .conflictChanged(field: "phone"), "seen \(seen)")
            #expect(state == merged)
        }
    }

    @Test func settleThrowsUnknownDotForAValueNotStanding() {
        let (_, _, merged) = deleteVersusEdit()
        let (error, state) = settling(
            merged, field: "phone", choice: .keep(r1.dot(1)), seen: [r1.dot(2), r2.dot(1)], dot: r3.dot(1))
        #expect(error == .unknownDot(field: "phone", dot: r1.dot(1)))
        #expect(state == merged)
    }

    /// Regression, once a bug (Shared/Records/RecordState.swift, `delete(dot:)` and `isDeleted`): a delete
    /// tombstones only the fields the deleter knew. An edit that adds a field concurrently with
    /// the delete (a technician filling in `arrived_at` while the office deletes the visit) then
    /// stands alone in its field: the merged record shows as deleted with no conflict, and the
    /// edit is hidden although nothing that had seen it replaced it. DESIGN.md §3 says an edit
    /// concurrent with a delete is "a conflict like any other, never silent loss".
    @Test func deleteShowsAConcurrentEditOfANewFieldAsAConflict() {
        var base = RecordState()
        base.write(["customer": "c1", "status": "open"], dot: r1.dot(1))
        var office = base
        office.delete(dot: r1.dot(2))
        var technician = base
        technician.write(["arrived_at": "2026-11-27T10:00:00+08:00"], dot: r2.dot(1))

        let merged = office.merged(with: technician)
        #expect(merged.fields["arrived_at"]?.map(\.dot) == [r2.dot(1)], "the value is kept in the state")
        #expect(
            merged.hasConflicts || !merged.isDeleted,
            "the concurrent edit is hidden: the record reads as deleted and no conflict is shown")
        let conflict = merged.conflicts.first { $0.field == "arrived_at" }
        #expect(conflict?.values.map(\.dot) == [r1.dot(2), r2.dot(1)])

        var restored = merged
        #expect(throws: Never.self) {
            try restored.settle(
                field: "arrived_at", choice: .keep(r2.dot(1)), seen: [r1.dot(2), r2.dot(1)],
                settlement: Settlement(by: "office", at: "2026-11-27T11:00:00+08:00"), dot: r1.dot(3))
        }
        #expect(!restored.isDeleted)
        #expect(restored.value(of: "status") == "open")
        #expect(restored.value(of: "arrived_at") == "2026-11-27T10:00:00+08:00")
        #expect(!restored.hasConflicts)
    }
}
