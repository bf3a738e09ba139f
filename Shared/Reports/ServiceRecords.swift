/// The records a report is made from, decoded into their typed structs.
///
/// Built from wire records: every record that is not deleted is read from its
/// provisional values (a field in conflict shows its provisional winner). A
/// record whose values do not fit its kind, or whose kind this version does not
/// know, is left out of the figures but counted in `undecodable`, so a report
/// never hides that it rests on less than everything. Records with open
/// conflicts are kept in the figures and also listed in `conflicted`, deleted
/// ones included (a delete-versus-edit conflict is still open).
///
/// ```swift
/// let records = ServiceRecords(wireRecords)
/// records.visits.count, records.undecodable, records.conflicted.map(\.fields)
/// ```
public struct ServiceRecords: Sendable {
    /// A record with concurrent values standing that a person has not settled yet.
    public struct ConflictedRecord: Hashable, Sendable, Codable {
        /// The record's kind as the wire names it (`visit`, `complaint`, …).
        public let kind: String
        /// The record's id.
        public let id: RecordID
        /// The record's region, when it can be read (a delete keeps what it cleared).
        public let region: Region?
        /// The fields in conflict, by name.
        public let fields: [String]

        /// A conflicted record as the report lists it.
        public init(kind: String, id: RecordID, region: Region?, fields: [String]) {
            self.kind = kind
            self.id = id
            self.region = region
            self.fields = fields
        }
    }

    /// A record left out of the figures because its values could not be read as its kind.
    public struct UndecodableRecord: Hashable, Sendable, Codable {
        /// The record's kind as the wire names it.
        public let kind: String
        /// The record's id.
        public let id: RecordID
        /// The record's region, when it can be read.
        public let region: Region?

        /// An unreadable record as the report counts it.
        public init(kind: String, id: RecordID, region: Region?) {
            self.kind = kind
            self.id = id
            self.region = region
        }
    }

    /// Customers (客户档案), by id.
    public var customers: [Customer]
    /// Visits (上门服务) of every kind, by id.
    public var visits: [Visit]
    /// Opinion cards (意见卡), by id.
    public var opinionCards: [OpinionCard]
    /// Complaints (投诉), by id.
    public var complaints: [Complaint]
    /// Part supplies (备品备件), by id.
    public var partSupplies: [PartSupply]
    /// Records with open conflicts, by kind then id.
    public var conflicted: [ConflictedRecord]
    /// Records that were not deleted but could not be decoded, by kind then id.
    public var undecodableRecords: [UndecodableRecord]
    /// The photos and scans of the records, by the record they are attached to (no figure counts them).
    public var attachments: [RecordID: [AttachmentSummary]]

    /// How many records could not be decoded and are missing from the figures.
    public var undecodable: Int { undecodableRecords.count }

    /// Records already decoded, e.g. from a store's typed columns.
    public init(
        customers: [Customer] = [], visits: [Visit] = [], opinionCards: [OpinionCard] = [],
        complaints: [Complaint] = [], partSupplies: [PartSupply] = [],
        conflicted: [ConflictedRecord] = [], undecodableRecords: [UndecodableRecord] = [],
        attachments: [AttachmentSummary] = []
    ) {
        self.customers = customers.sorted { $0.id < $1.id }
        self.visits = visits.sorted { $0.id < $1.id }
        self.opinionCards = opinionCards.sorted { $0.id < $1.id }
        self.complaints = complaints.sorted { $0.id < $1.id }
        self.partSupplies = partSupplies.sorted { $0.id < $1.id }
        self.conflicted = conflicted.sorted { ($0.kind, $0.id) < ($1.kind, $1.id) }
        self.undecodableRecords = undecodableRecords.sorted { ($0.kind, $0.id) < ($1.kind, $1.id) }
        self.attachments = AttachmentSummary.grouped(attachments)
    }

    /// Decodes every record that is not deleted; see the type's summary for what is skipped.
    public init(_ records: [WireRecord]) {
        var customers = [Customer]()
        var visits = [Visit]()
        var cards = [OpinionCard]()
        var complaints = [Complaint]()
        var supplies = [PartSupply]()
        var conflicted = [ConflictedRecord]()
        var undecodable = [UndecodableRecord]()
        var attachments = [AttachmentSummary]()
        for record in records {
            let conflicts = record.state.conflicts
            if !conflicts.isEmpty {
                conflicted.append(
                    ConflictedRecord(
                        kind: record.kind, id: record.id, region: record.region, fields: conflicts.map(\.field)))
            }
            guard !record.state.isDeleted else { continue }
            let values = record.state.values
            do {
                switch RecordKind(rawValue: record.kind) {
                case .customer: customers.append(try Customer(id: record.id, values: values))
                case .visit: visits.append(try Visit(id: record.id, values: values))
                case .opinionCard: cards.append(try OpinionCard(id: record.id, values: values))
                case .complaint: complaints.append(try Complaint(id: record.id, values: values))
                case .partSupply: supplies.append(try PartSupply(id: record.id, values: values))
                case .attachment:
                    // A photo or scan: no figure counts it, the listings name it.
                    if let attachment = AttachmentRecord(id: record.id, values: values) {
                        attachments.append(AttachmentSummary(attachment))
                    }
                case nil: throw UnknownKind()
                }
            } catch {
                undecodable.append(UndecodableRecord(kind: record.kind, id: record.id, region: record.region))
            }
        }
        self.init(
            customers: customers, visits: visits, opinionCards: cards, complaints: complaints,
            partSupplies: supplies, conflicted: conflicted, undecodableRecords: undecodable,
            attachments: attachments)
    }

    /// Only the records of `scope`; a conflicted or undecodable record whose region
    /// cannot be read stays in the company's scope only.
    public func restricted(to scope: ReportScope) -> ServiceRecords {
        guard scope != .all else { return self }
        let inScope: (Region?) -> Bool = { $0.map(scope.includes) ?? false }
        return ServiceRecords(
            customers: customers.filter { scope.includes($0.region) },
            visits: visits.filter { scope.includes($0.region) },
            opinionCards: opinionCards.filter { scope.includes($0.region) },
            complaints: complaints.filter { scope.includes($0.region) },
            partSupplies: partSupplies.filter { scope.includes($0.region) },
            conflicted: conflicted.filter { inScope($0.region) },
            undecodableRecords: undecodableRecords.filter { inScope($0.region) },
            attachments: attachments.values.flatMap { $0 }.filter { scope.includes($0.region) })
    }

    private struct UnknownKind: Error {}
}
