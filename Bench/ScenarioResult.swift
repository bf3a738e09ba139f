/// What one scenario measured, for the table and the JSON file.
struct ScenarioResult: Sendable, Codable {
    var name: String
    /// Records moved end to end (pushed plus pulled) in the timed part.
    var records: Int
    var seconds: Double
    var recordsPerSecond: Double { seconds > 0 ? Double(records) / seconds : 0 }
    /// SQLite alone on the same rows, same batches, measured in the same run.
    var baseline: Baseline.Measurement?
    var ratioToBaseline: Double? {
        guard let baseline, baseline.rowsPerSecond > 0 else { return nil }
        return recordsPerSecond / baseline.rowsPerSecond
    }
    /// Request and response body bytes, as they travelled.
    var wireBytes: Int64 = 0
    /// Peak resident memory by process, in bytes.
    var peakMemory: [String: Int64] = [:]
    /// Scenario-specific figures (latencies in ms, conflicts, phases).
    var details: [String: Double] = [:]
    /// The correctness checks that held.
    var checks: [String] = []

    enum CodingKeys: String, CodingKey {
        case name, records, seconds, baseline, details, checks
        case recordsPerSecond = "records_per_second"
        case ratioToBaseline = "ratio_to_baseline"
        case wireBytes = "wire_bytes"
        case peakMemory = "peak_memory_bytes"
    }

    init(name: String, records: Int, seconds: Double) {
        self.name = name
        self.records = records
        self.seconds = seconds
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(records, forKey: .records)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(recordsPerSecond, forKey: .recordsPerSecond)
        try container.encodeIfPresent(baseline, forKey: .baseline)
        try container.encodeIfPresent(ratioToBaseline, forKey: .ratioToBaseline)
        try container.encode(wireBytes, forKey: .wireBytes)
        try container.encode(peakMemory, forKey: .peakMemory)
        try container.encode(details, forKey: .details)
        try container.encode(checks, forKey: .checks)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        records = try container.decode(Int.self, forKey: .records)
        seconds = try container.decode(Double.self, forKey: .seconds)
        baseline = try container.decodeIfPresent(Baseline.Measurement.self, forKey: .baseline)
        wireBytes = try container.decode(Int64.self, forKey: .wireBytes)
        peakMemory = try container.decode([String: Int64].self, forKey: .peakMemory)
        details = try container.decode([String: Double].self, forKey: .details)
        checks = try container.decode([String].self, forKey: .checks)
    }

    /// Records a check that must hold; a failed one stops the run.
    mutating func check(_ condition: Bool, _ what: String) throws {
        guard condition else { throw BenchError("\(name): check failed: \(what)") }
        checks.append(what)
    }
}
