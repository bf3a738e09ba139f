import FieldSyncShared
import Testing

@Suite struct ServiceTimeTests {
    /// 2026-11-27T09:30:00+08:00 as seconds since the epoch.
    static let callSeconds: Int64 = 1_795_743_000

    @Test(arguments: [
        ("2026-11-27T09:30:00+08:00", 8 * 3600),
        ("2026-11-27 09:30:00+08:00", 8 * 3600),
        ("2026-11-27T09:30+08:00", 8 * 3600),
        ("2026-11-27 09:30+0800", 8 * 3600),
        ("2026-11-27t09:30:00.250+08", 8 * 3600),
        ("2026-11-27 09:30 +08:00", 8 * 3600),
        ("  2026-11-27T09:30:00+08:00\n", 8 * 3600),
        ("2026-11-27T01:30:00Z", 0),
        ("2026-11-27T01:30z", 0),
        ("2026-11-26T20:30:00-05:00", -5 * 3600),
        ("2026-11-26T20:30-0500", -5 * 3600),
    ])
    func parsesEveryForm(text: String, offset: Int) throws {
        let time = try ServiceTime(parsing: text)
        #expect(time.seconds == Self.callSeconds, "\(text)")
        #expect(time.offset == offset, "\(text)")
    }

    @Test func descriptionIsNormalised() throws {
        #expect(try ServiceTime(parsing: "2026-11-27 09:30+0800").description == "2026-11-27T09:30:00+08:00")
        #expect(try ServiceTime(parsing: "2026-11-27T01:30:00.999Z").description == "2026-11-27T01:30:00Z")
        #expect(try ServiceTime(parsing: "2026-11-27T01:30+00:00").description == "2026-11-27T01:30:00Z")
        #expect(try ServiceTime(parsing: "2026-11-26T20:30-05").description == "2026-11-26T20:30:00-05:00")
        #expect(try ServiceTime(parsing: "2026-11-27T07:00+05:30").description == "2026-11-27T07:00:00+05:30")
        #expect(try ServiceTime(parsing: "2026-11-26T22:00-03:30").description == "2026-11-26T22:00:00-03:30")
        #expect(try ServiceTime(parsing: "2026-11-27 09:30+08:00").shortDescription == "2026-11-27 09:30")
    }

    @Test(arguments: [
        "", "yesterday", "2026-11-27", "2026-11-27T09:30", "2026-11-27T09:30:00",
        "2026/11/27 09:30+08:00", "2026-11-27T9:30+08:00", "26-11-27T09:30+08:00",
        "2026-13-01T09:30+08:00", "2026-00-01T09:30+08:00", "2026-11-31T09:30+08:00", "2026-11-00T09:30+08:00",
        "2026-11-27T24:00+08:00", "2026-11-27T09:60+08:00", "2026-11-27T09:30:60+08:00",
        "2026-11-27T09:30+15:00", "2026-11-27T09:30+08:60", "2026-11-27T09:30+8", "2026-11-27T09:30+",
        "2026-11-27T09:30:00.Z", "2026-11-27T09:30:00+08:00 extra", "2026-11-27T09:30ZZ",
    ])
    func rejectsMalformedTimes(text: String) {
        do {
            let time = try ServiceTime(parsing: text)
            Issue.record("\(text) parsed as \(time)")
        } catch {
            #expect(error.text == text, "the error names what was typed")
        }
    }

    @Test func timeWithoutZoneNeedsADefaultOffset() throws {
        #expect(throws: ServiceTime.ParseError.self) { try ServiceTime(parsing: "2026-11-27 09:30") }
        let local = try ServiceTime(parsing: "2026-11-27 09:30", defaultOffset: 8 * 3600)
        #expect(local.seconds == Self.callSeconds)
        #expect(local.description == "2026-11-27T09:30:00+08:00")
        // An explicit zone wins over the default.
        #expect(try ServiceTime(parsing: "2026-11-27T01:30Z", defaultOffset: 8 * 3600).offset == 0)
        // The default does not excuse a malformed time.
        #expect(throws: ServiceTime.ParseError.self) {
            try ServiceTime(parsing: "2026-11-27 25:30", defaultOffset: 8 * 3600)
        }
    }

    @Test func twentyFourHoursAcrossZones() throws {
        let call = try ServiceTime(parsing: "2026-11-27 09:30+08:00")
        let arrival = try ServiceTime(parsing: "2026-11-28T01:30:00Z")
        #expect(arrival.seconds - call.seconds == 86_400)
        let sameInstant = try ServiceTime(parsing: "2026-11-27T20:30:00-05:00")
        #expect(sameInstant.seconds == arrival.seconds)
        #expect(sameInstant != arrival, "the zone is part of the value")
        #expect(!(sameInstant < arrival) && !(arrival < sameInstant), "but they order as one instant")
        #expect(call < arrival)
        #expect(arrival.inZone(offset: 8 * 3600).description == "2026-11-28T09:30:00+08:00")
    }

    @Test func leapDays() throws {
        #expect(try ServiceTime(parsing: "2028-02-29T12:00Z").description == "2028-02-29T12:00:00Z")
        #expect(try ServiceTime(parsing: "2000-02-29T12:00Z").local.day == 29)
        #expect(throws: ServiceTime.ParseError.self) { try ServiceTime(parsing: "2026-02-29T12:00Z") }
        #expect(throws: ServiceTime.ParseError.self) { try ServiceTime(parsing: "2100-02-29T12:00Z") }
        let before = try ServiceTime(parsing: "2028-02-28T12:00Z")
        let after = try ServiceTime(parsing: "2028-03-01T12:00Z")
        #expect(after.seconds - before.seconds == 2 * 86_400)
        // Midnight local on the leap day is still the 28th in UTC.
        let local = try ServiceTime(parsing: "2028-02-29T00:30+08:00")
        #expect(local.inZone(offset: 0).description == "2028-02-28T16:30:00Z")
    }

    @Test func epochAndEarlierTimes() throws {
        #expect(try ServiceTime(parsing: "1970-01-01T00:00Z").seconds == 0)
        let early = try ServiceTime(parsing: "1969-12-31T23:59:59Z")
        #expect(early.seconds == -1)
        #expect(early.description == "1969-12-31T23:59:59Z")
    }

    @Test func codableUsesTheText() throws {
        let time = try ServiceTime(parsing: "2026-11-27 09:30+0800")
        #expect(JSONText.encode(time) == #""2026-11-27T09:30:00+08:00""#)
        #expect(try JSONText.decode(ServiceTime.self, from: #""2026-11-27T09:30:00+08:00""#) == time)
        #expect(throws: DecodingError.self) { try JSONText.decode(ServiceTime.self, from: #""2026-11-27 09:30""#) }
    }
}
