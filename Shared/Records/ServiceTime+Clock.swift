import Foundation

extension ServiceTime {
    /// The instant `date` (to the second, rounded down) as seen at `offset` seconds east of UTC:
    /// the one way a clock reading becomes a `ServiceTime`.
    public init(_ date: Date, offset: Int) {
        self.init(seconds: Int64(date.timeIntervalSince1970.rounded(.down)), offset: offset)
    }

    /// Now, in the machine's current zone.
    public static var current: ServiceTime { now(Date()) }

    /// The instant `date`, in the machine's current zone.
    public static func now(_ date: Date) -> ServiceTime {
        ServiceTime(date, offset: TimeZone.current.secondsFromGMT(for: date))
    }
}
