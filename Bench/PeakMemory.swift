import Foundation

/// This process's resident memory, from `/proc/self/status` (Linux).
enum PeakMemory {
    /// The peak resident set size so far (`VmHWM`), in bytes; 0 where `/proc` is missing.
    static func peakBytes() -> Int64 { field("VmHWM:") }

    /// The resident set size now (`VmRSS`), in bytes.
    static func currentBytes() -> Int64 { field("VmRSS:") }

    /// Starts a new peak from the current resident size (`5` to `/proc/self/clear_refs`), so a
    /// scenario's peak is its own and not an earlier one's.
    static func resetPeak() {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        handle.write(Data("5".utf8))
        try? handle.close()
    }

    private static func field(_ name: String) -> Int64 {
        // /proc files report a size of 0: read them to the end rather than by their size.
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/status") else { return 0 }
        defer { try? handle.close() }
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let number =
                line.dropFirst(name.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap {
                    Int64($0)
                } ?? 0
            return number * 1024
        }
        return 0
    }
}
