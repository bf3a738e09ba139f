/// The service figures of a period, per region and for the whole company, checked against
/// the manual's targets (DESIGN.md §2): a plain function of the records, the period, the
/// scope and the moment the report is made.
///
/// What each figure counts is in `FigureKind` and `definitions(in:)`. Beside the
/// figures the report lists what a reader must know to trust them: complaints still
/// open, records with unsettled conflicts (their provisional values are counted),
/// and how many records could not be read.
///
/// ```swift
/// let period = try ReportPeriod(parsing: "2026-11")
/// let report = ServiceReport(records: ServiceRecords(wireRecords), period: period, scope: .all,
///                            asOf: try ServiceTime(parsing: "2026-12-02T09:00+08:00"))
/// report.section(.region(.north))?[.onSite24h]?.missed   // the repair visits that came late
/// print(report.table(language: .chinese))
/// ```
public struct ServiceReport: Hashable, Sendable, Codable {
    /// A complaint still open, for the report's list of open complaints.
    public struct OpenComplaint: Hashable, Sendable, Codable {
        /// The complaint's id.
        public let id: RecordID
        /// The office that handles it.
        public let region: Region
        /// The customer who complained.
        public let customer: RecordID
        /// General, or major (重大).
        public let severity: Complaint.Severity
        /// When the complaint was received, in the zone it was recorded in.
        public let receivedAt: ServiceTime
        /// Who is handling it, if anyone is named.
        public let handler: String?

        /// The open-complaint entry of `complaint`.
        public init(_ complaint: Complaint) {
            id = complaint.id
            region = complaint.region
            customer = complaint.customer
            severity = complaint.severity
            receivedAt = complaint.receivedAt
            handler = complaint.handler
        }

        enum CodingKeys: String, CodingKey {
            case id, region, customer, severity, handler
            case receivedAt = "received_at"
        }
    }

    /// The period the figures cover.
    public let period: ReportPeriod
    /// The records the report covers: one region's, or all.
    public let scope: ReportScope
    /// When the report was made; `nil` judges pending calls as at the end of the period.
    public let asOf: ServiceTime?
    /// One section per region of the scope, then, for `.all`, the whole company.
    public let sections: [ReportSection]
    /// Complaints of the scope received by the period's last day and still open, oldest first.
    public let openComplaints: [OpenComplaint]
    /// Records of the scope with unsettled conflicts: the figures use their provisional values.
    public let openConflicts: [ServiceRecords.ConflictedRecord]
    /// How many records of the scope could not be read and are missing from the figures.
    public let undecodable: Int
    /// The photos and scans of the records the report lists (the figures' missed and pending
    /// records, the open complaints), by record then as attached; absent when none has any.
    public let attachments: [AttachmentSummary]?

    /// Computes the report. `asOf` is the moment it is made (a clock read at the edge):
    /// a repair call still waiting for its technician is late only once its 24 h have
    /// run out before both the end of the period and `asOf`.
    public init(records: ServiceRecords, period: ReportPeriod, scope: ReportScope, asOf: ServiceTime? = nil) {
        let inScope = records.restricted(to: scope)
        let sectionScopes: [ReportScope] =
            switch scope {
            case .region: [scope]
            case .all: Region.allCases.map(ReportScope.region) + [.all]
            }
        self.period = period
        self.scope = scope
        self.asOf = asOf
        sections = sectionScopes.map { sectionScope in
            let calculator = FigureCalculator(
                everything: inScope, records: inScope.restricted(to: sectionScope), period: period, asOf: asOf)
            return ReportSection(scope: sectionScope, figures: calculator.figures())
        }
        openComplaints = inScope.complaints
            .filter { $0.status == .open && LocalDate($0.receivedAt) <= period.last }
            .sorted { ($0.receivedAt.seconds, $0.id) < ($1.receivedAt.seconds, $1.id) }
            .map(OpenComplaint.init)
        openConflicts = inScope.conflicted
        undecodable = inScope.undecodable
        var listed = Set(openComplaints.map(\.id))
        for section in sections {
            for figure in section.figures { listed.formUnion(figure.missed + figure.pending) }
        }
        let named = listed.sorted().flatMap { inScope.attachments[$0] ?? [] }
        attachments = named.isEmpty ? nil : named
    }

    /// The photos and scans of `record`, as attached.
    public func attachments(of record: RecordID) -> [AttachmentSummary] {
        (attachments ?? []).filter { $0.parent == record }
    }

    /// Decodes `records` (see `ServiceRecords`) and computes the report.
    public init(records: [WireRecord], period: ReportPeriod, scope: ReportScope, asOf: ServiceTime? = nil) {
        self.init(records: ServiceRecords(records), period: period, scope: scope, asOf: asOf)
    }

    /// The section of `scope`: a region's, or `.all` for the company.
    public func section(_ scope: ReportScope) -> ReportSection? { sections.first { $0.scope == scope } }

    /// The report as canonical JSON: sorted keys, so the same report always has the same bytes.
    public func json() -> String { JSONText.encode(self) }

    enum CodingKeys: String, CodingKey {
        case period, scope, sections, undecodable, attachments
        case asOf = "as_of"
        case openComplaints = "open_complaints"
        case openConflicts = "open_conflicts"
    }
}
