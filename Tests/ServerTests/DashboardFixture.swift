import FieldSyncDemo
import FieldSyncShared
import FieldSyncTestSupport
import Foundation

@testable import FieldSyncServer

/// Three months of demo records whose every free text (customer and technician names,
/// descriptions, handlers, …) is hostile, plus a conflict, a photo or scan on every card and
/// complaint (hostile names and captions; some not uploaded yet), and every dashboard page made of them.
enum DashboardFixture {
    static let period = "2026-09-01..2026-11-30"

    /// A photo or scan of every opinion card and complaint of `records`, JPEG and PDF in turn,
    /// with hostile file names, captions and authors; each complaint has a second, never uploaded.
    static func attachments(of records: [WireRecord]) -> [WireRecord] {
        let hostile = DashboardPagesTests.hostile
        let parents = records.filter {
            $0.kind == RecordKind.opinionCard.rawValue || $0.kind == RecordKind.complaint.rawValue
        }
        return parents.enumerated().flatMap { index, parent in
            let type: AttachmentMediaType = index % 2 == 0 ? .jpeg : .pdf
            let bytes = Array("attachment \(index)".utf8)
            var values: [String: JSONValue] = [
                "parent_kind": .string(parent.kind), "parent": .string(parent.id.description),
                "region": parent.state.value(of: "region") ?? "south", "digest": .string(AttachmentDigest.of(bytes)),
                "size": .int(Int64(bytes.count)), "media_type": .string(type.rawValue),
                "file_name": .string(hostile[index % hostile.count] + ".\(type.fileExtension)"),
                "caption": .string(hostile[(index + 1) % hostile.count]),
                "attached_by": .string(hostile[(index + 2) % hostile.count]),
            ]
            if index % 4 != 3 { values["attached_at"] = "2026-11-02T10:00:00+08:00" }
            var state = RecordState()
            state.write(values, dot: TestReplicas.first.dot(1))
            let low = 0x8000_0000_0000_0000 | UInt64(index)
            var made = [
                WireRecord(
                    id: RecordID(high: 0x0199_0000_0000_7000, low: low), kind: RecordKind.attachment.rawValue,
                    state: state)
            ]
            if parent.kind == RecordKind.complaint.rawValue {
                made.append(
                    WireRecord(
                        id: RecordID(high: neverUploaded, low: low), kind: RecordKind.attachment.rawValue, state: state)
                )
            }
            return made
        }
    }

    /// The first half of the ids of attachments whose bytes never reach the server.
    static let neverUploaded: UInt64 = 0x0199_0000_0000_7001

    /// The attachments whose bytes the server holds: all but every third, and but the complaints' second.
    static let uploaded: Set<RecordID> = Set(
        records.filter { $0.kind == RecordKind.attachment.rawValue }.enumerated()
            .filter { $0.offset % 3 != 2 && $0.element.id.high != neverUploaded }
            .map(\.element.id))

    static let records: [WireRecord] = {
        let hostile = DashboardPagesTests.hostile
        let demo = DemoDataGenerator(.init(customers: 40, months: 3, seed: 11, end: DemoMonth(parsing: "2026-11")!))
            .records()
        var counter: UInt64 = 0
        var records = [WireRecord]()
        for (index, record) in demo.enumerated() {
            var changes = [String: JSONValue]()
            for spec in RecordKind(rawValue: record.kind)?.fields ?? [] where spec.type == .text {
                if record.state.value(of: spec.name)?.stringValue != nil {
                    changes[spec.name] = .string(hostile[(index + changes.count) % hostile.count])
                }
            }
            guard !changes.isEmpty else {
                records.append(record)
                continue
            }
            counter += 1
            var state = record.state
            state.write(changes, dot: TestReplicas.first.dot(counter))
            records.append(WireRecord(id: record.id, kind: record.kind, state: state))
        }
        // The last complaint, major, reopened: an open complaint.
        if let index = records.lastIndex(where: { $0.kind == RecordKind.complaint.rawValue }) {
            var state = records[index].state
            state.write(
                ["status": "open", "severity": "major", "resolved_at": .null], dot: TestReplicas.first.dot(counter + 1))
            records[index] = WireRecord(id: records[index].id, kind: records[index].kind, state: state)
        }
        // Two technicians change one visit at once: an open conflict.
        if let index = records.firstIndex(where: { $0.kind == RecordKind.visit.rawValue }) {
            var one = records[index].state
            var other = one
            one.write(["technician": .string(hostile[0])], dot: TestReplicas.second.dot(1))
            other.write(["technician": .string(hostile[1])], dot: TestReplicas.third.dot(1))
            records[index] = WireRecord(
                id: records[index].id, kind: records[index].kind, state: one.merged(with: other))
        }
        return records + attachments(of: records)
    }()

    struct Pages {
        var dashboards: [DashboardView] = []
        var drillDowns: [DrillDownView] = []
        var inspections: [InspectionView] = []
        var signIns: [SignInView] = []

        /// Every page's HTML, named for messages.
        var rendered: [(String, String)] {
            dashboards.map { ("dashboard \($0.lang)", PageTemplates.render($0)) }
                + drillDowns.map { ("drill-down \($0.heading)", PageTemplates.render($0)) }
                + inspections.map { ("inspection \($0.lang)", PageTemplates.render($0)) }
                + signIns.map { ("sign-in \($0.lang)", PageTemplates.render($0)) }
        }
    }

    /// Every page in both languages, as the routes build them: the period not yet over.
    static func pages() throws -> Pages {
        let records = ServiceRecords(Self.records)
        let period = try ReportPeriod(parsing: Self.period)
        let asOf = try ServiceTime(parsing: "2026-11-20T12:00:00+08:00")
        let choices: [ReportScope] = [.all] + Region.allCases.map(ReportScope.region)
        let last = ReportPeriod.month(period.last.month, of: period.last.year)
        var pages = Pages()
        for language in Language.allCases {
            for scope in [ReportScope.all, .region(.south)] {
                let report = ServiceReport(records: records, period: period, scope: scope, asOf: asOf)
                let trend = (last.previousMonths(11) + [last]).map {
                    ServiceReport(records: records, period: $0, scope: scope, asOf: asOf)
                }
                pages.dashboards.append(
                    DashboardView(report: report, trend: trend, language: language, choices: choices))
                for kind in FigureKind.allCases {
                    pages.drillDowns.append(
                        DrillDownView(
                            figure: report.section(scope)?[kind], kind: kind, report: report, records: Self.records,
                            uploaded: Self.uploaded, language: language))
                }
                let inspection = try InspectionReport(records: records, month: last, scope: scope, asOf: asOf)
                pages.inspections.append(
                    InspectionView(report: inspection, uploaded: Self.uploaded, language: language))
            }
            // A month before the records: nothing missed.
            let quiet = try InspectionReport(
                records: records, month: .month(5, of: 2026), scope: .region(.south), asOf: asOf)
            pages.inspections.append(InspectionView(report: quiet, uploaded: Self.uploaded, language: language))
            pages.signIns += [
                SignInView(language: language, failed: false), SignInView(language: language, failed: true),
            ]
        }
        return pages
    }
}
