import Foundation

extension ServiceTime {
    /// Now, in the machine's current zone.
    public static var current: ServiceTime { now(Date()) }

    /// The instant `date`, in the machine's current zone.
    public static func now(_ date: Date) -> ServiceTime {
        let offset = TimeZone.current.secondsFromGMT(for: date)
        return ServiceTime(seconds: Int64(date.timeIntervalSince1970.rounded(.down)), offset: offset)
    }
}
