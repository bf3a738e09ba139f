/// Why the benchmark stopped: a failed check or a scenario that could not run.
public struct BenchError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}
