import FieldSyncShared
import FieldSyncTestSupport
import Testing

/// A dot names one write, forever: the merge alone loses writes when two copies of a replica's
/// file both wrote under one counter; `LinearHistory` and `Reissue` find and mend that.
@Suite struct LinearHistoryTests {
    let r = TestReplicas.first
    let q = TestReplicas.second
    let s = TestReplicas.third

    func state(_ writes: [(Dot, [String: JSONValue])]) -> RecordState {
        var state = RecordState()
        for (dot, changes) in writes { state.write(changes, dot: dot) }
        return state
    }

    // MARK: What the merge alone does

    /// A laptop restored from a backup writes again under counter 11, which the server already
    /// holds for another write of the same laptop (its write 12 replaced it): the merge drops both
    /// the new edit on every side, without a word (as it would drop the other under other counters).
    @Test func theMergeAloneLosesAWriteUnderAReusedDot() throws {
        let backup = state([(r.dot(5), ["phone": "0"])])
        // After the backup the laptop wrote 11 (to another field) and 12 (the phone), and synced.
        let server = state([
            (r.dot(5), ["phone": "0"]), (r.dot(11), ["name": "A"]), (r.dot(12), ["phone": "acknowledged"]),
        ])
        // The restored file issues 11 again, for a new phone number.
        var restored = backup
        restored.write(["phone": "new edit"], dot: r.dot(11))

        let merged = server.merged(with: restored)
        #expect(merged.value(of: "phone") == "acknowledged", "the server keeps its own write 12 here...")
        let back = restored.merged(with: server)
        #expect(
            back.fields["phone"]?.map(\.value.jsonValue) == ["acknowledged"], "...and the edit vanishes on the laptop")
        // The edit is gone from both without a conflict: the loss is silent.
        #expect(!merged.hasConflicts && !back.hasConflicts)

        // What the server now checks first refuses it, naming the write the laptop forgot.
        #expect(LinearHistory.forgottenWrite(of: r, own: restored, other: server) == r.dot(12))
    }

    /// Two copies of one file both write counter 13: whichever syncs second would overwrite the
    /// first's value (the tie-break of twins) or erase it.
    @Test func twoCopiesWritingOneCounterAreFound() {
        let base = state([(r.dot(12), ["name": "A", "phone": "1"])])
        var first = base
        first.write(["phone": "from the old laptop"], dot: r.dot(13))
        var second = base
        second.write(["phone": "from the new laptop"], dot: r.dot(13))
        #expect(LinearHistory.reusedDot(in: second, against: first) == r.dot(13))
        // Another field under the same counter: each side "has seen and replaced" the other's.
        var third = base
        third.write(["name": "B"], dot: r.dot(13))
        #expect(
            LinearHistory.reusedDot(in: third, against: first) != nil
                || LinearHistory.forgottenWrite(of: r, own: third, other: first) != nil)
    }

    // MARK: One history explains both: nothing found

    @Test func ordinaryHistoriesPass() throws {
        let mine = state([(r.dot(1), ["name": "A", "phone": "1"])])
        // The server has another replica's later write that had seen ours.
        var server = mine
        server.write(["phone": "2"], dot: q.dot(1))
        #expect(LinearHistory.forgottenWrite(of: r, own: mine, other: server) == nil)
        // Our later write replaces our earlier one that the server holds.
        var later = mine
        later.write(["phone": "3"], dot: r.dot(2))
        #expect(LinearHistory.forgottenWrite(of: r, own: later, other: mine) == nil)
        // A concurrent edit and a settlement of the conflict.
        let conflict = later.merged(with: server)
        #expect(conflict.hasConflicts)
        var settled = conflict
        try settled.settle(
            field: "phone", choice: .value("4"), seen: Set(conflict.standing("phone").map(\.dot)),
            settlement: Settlement(by: "Li", at: "2026-12-06T10:00:00+08:00"), dot: r.dot(3))
        #expect(LinearHistory.forgottenWrite(of: r, own: settled, other: conflict) == nil)
        #expect(
            LinearHistory.forgottenWrite(of: q, own: server, other: settled) == nil,
            "q's view of the settlement it has not seen")
        // A delete of ours the server holds, and an edit we make after it.
        var deleted = mine
        deleted.delete(dot: r.dot(4))
        #expect(LinearHistory.forgottenWrite(of: r, own: deleted, other: mine) == nil)
        #expect(LinearHistory.reusedDot(in: deleted, against: mine) == nil)
    }

    @Test func aCopyThatForgotItsOwnWriteIsFound() {
        let server = state([(r.dot(1), ["name": "A"]), (r.dot(2), ["phone": "1"])])
        let old = state([(r.dot(1), ["name": "A"])])
        #expect(LinearHistory.forgottenWrite(of: r, own: old, other: server) == r.dot(2))
        // A replica that pulled the older state pushes it: no copy of anyone, nothing found.
        #expect(LinearHistory.forgottenWrite(of: q, own: old, other: server) == nil)
    }

    /// What is left of a purged record has no fields: a push holding fields the marker lacks is not
    /// evidence of another history (rule 3 does not apply to it).
    @Test func aPurgeMarkerIsNoEvidenceOfReplacedFields() throws {
        var record = state([(q.dot(1), ["name": "A", "phone": "1"])])
        record.write(["phone": "2"], dot: r.dot(1))
        var deleted = record
        deleted.delete(dot: q.dot(2))
        let marker = try #require(
            RecordState(context: deleted.context, fields: deleted.fields.filter { $0.key == RecordState.deletedField }))
        // r pushes late the state it had before the delete it has not seen yet.
        #expect(LinearHistory.forgottenWrite(of: r, own: record, other: marker, otherHoldsFields: false) == nil)
        #expect(
            LinearHistory.forgottenWrite(of: r, own: record, other: marker) != nil,
            "with fields expected, it would look replaced")
    }

    // MARK: Re-issuing

    /// The restored laptop of the first test re-issues its write 11 under its new id: the server
    /// then keeps both phone numbers, as a conflict a person settles.
    @Test func reissuedWritesArriveBesideWhatTheServerHolds() throws {
        let server = state([
            (r.dot(5), ["phone": "0"]), (r.dot(11), ["name": "A"]), (r.dot(12), ["phone": "acknowledged"]),
        ])
        var restored = state([(r.dot(5), ["phone": "0"])])
        restored.write(["phone": "new edit"], dot: r.dot(11))
        var counter: UInt64 = 0
        let outcome = Reissue.plan(restored, formers: [r: 5], server: server) {
            counter += 1
            return s.dot(counter)
        }
        #expect(outcome.reissued == 1 && outcome.duplicates == 0 && outcome.changed)
        #expect(outcome.state.context[r] == 5, "the context no longer claims the other copy's writes")
        #expect(LinearHistory.forgottenWrite(of: s, own: outcome.state, other: server) == nil)
        let merged = server.merged(with: outcome.state)
        #expect(Set(merged.standing("phone").compactMap(\.value.jsonValue)) == ["acknowledged", "new edit"])
        #expect(merged.value(of: "name") == "A")
    }

    /// A write both copies shared before they parted, which the server already holds under its own
    /// dot, is no conflict: it is left to the server's dot.
    @Test func anExactDuplicateStaysUnderItsOwnDot() {
        let server = state([
            (r.dot(3), ["name": "A"]), (r.dot(4), ["phone": "shared"]), (r.dot(5), ["address": "other copy"]),
        ])
        var copy = state([(r.dot(3), ["name": "A"]), (r.dot(4), ["phone": "shared"])])
        copy.write(["contact": "mine"], dot: r.dot(5))
        var counter: UInt64 = 0
        let outcome = Reissue.plan(copy, formers: [r: 3], server: server) {
            counter += 1
            return s.dot(counter)
        }
        #expect(outcome.reissued == 1 && outcome.duplicates == 1)
        #expect(outcome.state.fields["phone"]?.map(\.dot) == [r.dot(4)])
        #expect(outcome.state.fields["contact"]?.map(\.dot) == [s.dot(1)])
        let merged = server.merged(with: outcome.state)
        #expect(!merged.hasConflicts)
        #expect(merged.values == ["name": "A", "phone": "shared", "address": "other copy", "contact": "mine"])
    }

    /// The context of a record the old id never wrote to beyond its mark is lowered no further than
    /// what the server has of that record: a context past it would name writes never seen there.
    @Test func aLoweredContextNamesNoWriteTheServerLacks() {
        let server = state([(q.dot(1), ["name": "A"])])
        var copy = server
        copy.write(["phone": "unconfirmed"], dot: r.dot(9))
        var counter: UInt64 = 0
        let outcome = Reissue.plan(copy, formers: [r: 7], server: server) {
            counter += 1
            return s.dot(counter)
        }
        #expect(outcome.state.context[r] == 0)
        #expect(outcome.state.fields["phone"]?.map(\.dot) == [s.dot(1)])
    }

    /// A double fault: another replica's write held here and a different write under the same dot
    /// on the server. `clashes` names the marks that re-issue ours beside theirs.
    @Test func clashesOfAnotherReplicasDotAreUntangled() {
        let base = state([(q.dot(1), ["name": "A"])])
        var here = base
        here.write(["phone": "lost with the server"], dot: q.dot(2))
        var server = base
        server.write(["phone": "written again after a rollback"], dot: q.dot(2))
        let formers = Reissue.clashes(in: here, against: server, me: r)
        #expect(formers == [q: 1])
        var counter: UInt64 = 0
        let untangled = Reissue.plan(here, formers: formers, server: server) {
            counter += 1
            return r.dot(counter)
        }.state
        #expect(LinearHistory.reusedDot(in: untangled, against: server) == nil)
        let merged = server.merged(with: untangled)
        #expect(
            Set(merged.standing("phone").compactMap(\.value.jsonValue)) == [
                "lost with the server", "written again after a rollback",
            ])
        #expect(Reissue.clashes(in: base, against: server, me: r).isEmpty)
    }
}
