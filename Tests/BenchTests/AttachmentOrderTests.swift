import Testing

@testable import FieldSyncBench

@Suite("The technician's day: its order and its figures")
struct AttachmentOrderTests {
    static let start = ContinuousClock.now

    static func at(_ seconds: Double) -> ContinuousClock.Instant { start + .seconds(seconds) }

    @Test func recordsAcknowledgedBeforeTheFirstByteAreFirst() {
        #expect(AttachmentOrder.judge(lastAck: Self.at(1), firstPut: Self.at(2), pendingAtFirstPut: 0) == .recordsFirst)
    }

    @Test func aByteBeforeTheLastAckOrWithRecordsPendingIsNot() {
        #expect(
            AttachmentOrder.judge(lastAck: Self.at(3), firstPut: Self.at(2), pendingAtFirstPut: 0)
                == .bytesFirst(pending: 0))
        #expect(
            AttachmentOrder.judge(lastAck: Self.at(1), firstPut: Self.at(2), pendingAtFirstPut: 7)
                == .bytesFirst(pending: 7))
        // The same instant is not "before".
        #expect(
            AttachmentOrder.judge(lastAck: Self.at(2), firstPut: Self.at(2), pendingAtFirstPut: 0)
                == .bytesFirst(pending: 0))
    }

    @Test func nothingToOrderIsSaidSo() {
        #expect(AttachmentOrder.judge(lastAck: Self.at(1), firstPut: nil, pendingAtFirstPut: nil) == .noUpload)
        #expect(AttachmentOrder.judge(lastAck: nil, firstPut: Self.at(1), pendingAtFirstPut: 0) == .noAck)
    }

    @Test func theShareOfARawCopyIsItsSpeedOverTheCopys() {
        #expect(AttachmentOrder.shareOfRawCopy(seconds: 2, rawSeconds: 1) == 0.5)
        #expect(AttachmentOrder.shareOfRawCopy(seconds: 0.5, rawSeconds: 1) == 2)
        #expect(AttachmentOrder.shareOfRawCopy(seconds: 0, rawSeconds: 1) == nil)
        #expect(AttachmentOrder.shareOfRawCopy(seconds: 1, rawSeconds: 0) == nil)
    }

    @Test func theTargetsJudgeTheShareAndTheOrder() throws {
        var up = ScenarioResult(name: "attachment upload", records: 30, seconds: 2)
        up.details["share_of_raw_copy"] = 0.6
        up.details["mb_per_second"] = 45
        var down = ScenarioResult(name: "attachment download", records: 30, seconds: 4)
        down.details["share_of_raw_copy"] = 0.3
        var day = ScenarioResult(name: "technician's day", records: 54, seconds: 3)
        try day.check(true, "every record was acknowledged before the first attachment byte went up")
        let targets = BenchReport.targets([day, up, down], metadata: [])
        let met = Dictionary(targets.map { ($0.target, $0.met) }, uniquingKeysWith: { first, _ in first })
        #expect(met["attachment upload ≥ 50% of a raw copy"] == true)
        #expect(met["attachment download ≥ 50% of a raw copy"] == false)
        #expect(met["technician's day: every record acknowledged before the first photo byte"] == true)
        let unordered = BenchReport.targets(
            [ScenarioResult(name: "technician's day", records: 54, seconds: 3)], metadata: [])
        #expect(unordered.first?.met == false)
    }
}
