import FieldSyncShared
import FieldSyncTestSupport
import Testing

@Suite struct RecordIDTests {
    static let now: UInt64 = 1_764_230_400_000  // 2025-11-27T08:00:00Z

    @Test func idsFromOneGeneratorStrictlyIncreaseWithinOneMillisecond() {
        var generator = RecordIDGenerator()
        var random = SplitMix64(seed: 1)
        // More than the 4,096 a millisecond holds, so the generator must borrow the next one.
        let ids = (0..<10_000).map { _ in generator.next(now: Self.now, using: &random) }
        for (earlier, later) in zip(ids, ids.dropFirst()) {
            #expect(earlier < later, "\(earlier) then \(later)")
        }
        #expect(ids[0].milliseconds == Self.now)
        #expect(ids.map(\.description) == ids.map(\.description).sorted(), "text order is creation order")
    }

    @Test func idsKeepIncreasingWhenTheClockStepsBack() {
        var generator = RecordIDGenerator()
        var random = SplitMix64(seed: 2)
        var previous = generator.next(now: Self.now, using: &random)
        for now in [Self.now + 5, Self.now + 1, Self.now, Self.now + 5, Self.now + 6] {
            let id = generator.next(now: now, using: &random)
            #expect(previous < id, "at \(now)")
            previous = id
        }
    }

    @Test func idsFromLaterMillisecondsSortLater() {
        var generator = RecordIDGenerator()
        var random = SplitMix64(seed: 3)
        let first = generator.next(now: Self.now, using: &random)
        let second = generator.next(now: Self.now + 1, using: &random)
        #expect(first < second)
        #expect(second.milliseconds == Self.now + 1)
    }

    @Test func versionNibbleIsSevenAndVariantIsRFC() {
        var generator = RecordIDGenerator()
        var random = SplitMix64(seed: 4)
        for offset in 0..<500 {
            let id = generator.next(now: Self.now + UInt64(offset / 3), using: &random)
            #expect((id.high >> 12) & 0xF == 7)
            #expect(id.low >> 62 == 0b10)
            let text = Array(id.description)
            #expect(text[14] == "7", "\(id)")
            #expect("89ab".contains(text[19]), "\(id)")
        }
    }

    @Test func timePrefixReadsAsTheMillisecond() {
        var generator = RecordIDGenerator()
        var random = SplitMix64(seed: 5)
        let id = generator.next(now: Self.now, using: &random)
        // 1_764_230_400_000 is 0x019ac4538800.
        #expect(id.description.hasPrefix("019ac453-8800-7"))
    }

    @Test func textRoundTrip() throws {
        var generator = RecordIDGenerator()
        var random = SplitMix64(seed: 6)
        for _ in 0..<200 {
            let id = generator.next(now: Self.now, using: &random)
            let text = id.description
            #expect(text.count == 36)
            #expect(text == text.lowercased())
            #expect(RecordID(text) == id)
            #expect(try JSONText.decode(RecordID.self, from: JSONText.encode(id)) == id)
        }
        #expect(
            RecordID(high: 0x0123_4567_89ab_cdef, low: 0xfedc_ba98_7654_3210).description
                == "01234567-89ab-cdef-fedc-ba9876543210")
    }

    @Test(arguments: [
        "", "not an id", "01234567-89ab-cdef-fedc-ba987654321", "01234567-89ab-cdef-fedc-ba98765432100",
        "0123456789ab-cdef-fedc-ba98-76543210", "01234567_89ab_cdef_fedc_ba9876543210",
        "01234567-89ab-cdef-fedc-ba987654321g",
    ])
    func malformedTextIsRejected(text: String) {
        #expect(RecordID(text) == nil)
    }
}
