import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import Testing

@testable import FieldSyncServer

/// The dashboard's pages as pure functions of the records: every text they show is escaped,
/// whatever it holds, and records are named by short ids. No server, no I/O.
@Suite struct DashboardPagesTests {
    /// Text that would be markup, a template, or an entity, were it not escaped once and only once.
    static let hostile = [
        "<script>alert(1)</script>", #""'><img src=x onerror=1>"#, "{{x}}", "&amp;", #"{{{svg}}} 张 "三" O'Brien & co"#,
    ]

    // MARK: Every page, built from hostile records

    @Test func hostileRecordsAreShownAsText() throws {
        let pages = try DashboardFixture.pages()
        var shown = [String]()
        for (name, html) in pages.rendered {
            let scan = HTMLScan(html)
            Self.expectNoMarkupFromData(html, scan, page: name)
            for tag in scan.tags where tag.name == "a" {
                let href = tag.attributes.first { $0.name == "href" }?.value ?? ""
                #expect(
                    href.hasPrefix("/") || href.hasPrefix("#") || href == "javascript:print()",
                    "\(name): a link to \(href)")
            }
            shown += scan.shown
        }
        for value in Self.hostile {
            #expect(shown.contains { $0.contains(value) }, "\(value) is shown as it is, on some page")
        }
    }

    // MARK: Every string of every view

    /// Every string of every view model replaced by hostile text numbered `#n#` (the chart's SVG
    /// aside, drawn and checked by `TrendChart`): each must be on the page exactly as it is. A field
    /// a template shows unescaped, or where escaping does not protect (an attribute's name), or
    /// does not show at all (a misspelt name renders nothing), fails here, whatever real data holds.
    @Test func everyStringAViewHoldsIsEscaped() throws {
        let pages = try DashboardFixture.pages()
        try Self.checkEveryString(of: pages.dashboards)
        try Self.checkEveryString(of: pages.drillDowns)
        try Self.checkEveryString(of: pages.inspections)
        try Self.checkEveryString(of: pages.signIns)
    }

    static func checkEveryString<View: PageView>(of views: [View]) throws {
        var filled = [String: Bool]()
        for view in views {
            let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(view))
            Self.arrays(in: json, path: "\(View.self)", into: &filled)
            var next = 0
            let mutated = Self.replacingStrings(in: json, key: nil, next: &next)
            let hostileView = try JSONDecoder().decode(View.self, from: JSONSerialization.data(withJSONObject: mutated))
            let html = PageTemplates.render(hostileView)
            let scan = HTMLScan(html)
            Self.expectNoMarkupFromData(html, scan, page: "\(View.self)")
            let shown = scan.shown.joined(separator: "\n")
            let missing = (0..<next).filter { !shown.contains(Self.numbered($0)) }
            #expect(missing.isEmpty, "\(View.self): strings \(missing.map { "#\($0)#" }) are not shown as they are")
        }
        // So that no field is left out for being empty in every fixture.
        let empty = filled.filter { !$0.value }.keys.sorted()
        #expect(empty.isEmpty, "the fixture never fills \(empty)")
    }

    static func replacingStrings(in value: Any, key: String?, next: inout Int) -> Any {
        switch value {
        case is String where key != "svg":
            defer { next += 1 }
            return numbered(next)
        case let array as [Any]:
            return array.map { replacingStrings(in: $0, key: key, next: &next) }
        case let object as [String: Any]:
            var out = [String: Any]()
            for (name, element) in object.sorted(by: { $0.key < $1.key }) {
                out[name] = replacingStrings(in: element, key: name, next: &next)
            }
            return out
        default:
            return value
        }
    }

    /// The `number`th string of a view: every hostile text at once, so that every field gets each.
    static func numbered(_ number: Int) -> String { hostile.joined(separator: " ") + " #\(number)#" }

    /// Whether each array of the view (by its path) held something in some fixture.
    static func arrays(in value: Any, path: String, into filled: inout [String: Bool]) {
        if let array = value as? [Any] {
            filled[path] = (filled[path] ?? false) || !array.isEmpty
            for element in array { arrays(in: element, path: path + "[]", into: &filled) }
        } else if let object = value as? [String: Any] {
            for (name, element) in object { arrays(in: element, path: path + "." + name, into: &filled) }
        }
    }

    /// No script, no element or event handler that the hostile values carry.
    static func expectNoMarkupFromData(
        _ html: String, _ scan: HTMLScan, page: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let script = html.lowercased().contains("<script")
        #expect(!script, "\(page): a script element", sourceLocation: sourceLocation)
        let elements = scan.tags.map(\.name).filter { $0 == "script" }
        #expect(elements.isEmpty, "\(page): \(elements)", sourceLocation: sourceLocation)
        // The only pictures are photos through the dashboard's scoped route, with no attribute of data's making.
        let pictures = scan.tags.filter { $0.name == "img" }.filter { tag in
            let src = tag.attributes.first { $0.name == "src" }?.value ?? ""
            return !src.hasPrefix("/dashboard/attachments/")
                || !tag.attributes.allSatisfy { ["src", "alt", "loading"].contains($0.name) }
        }
        #expect(
            pictures.isEmpty, "\(page): pictures from elsewhere \(pictures.map(\.attributes))",
            sourceLocation: sourceLocation)
        let handlers = scan.tags.flatMap { tag in
            tag.attributes.map(\.name).filter { $0.hasPrefix("on") }.map { "\(tag.name) \($0)" }
        }
        #expect(handlers.isEmpty, "\(page): event handlers \(handlers)", sourceLocation: sourceLocation)
        let attributeNames = scan.tags.flatMap { $0.attributes.map(\.name) }.filter {
            !$0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
        }
        #expect(
            attributeNames.isEmpty, "\(page): attribute names made of data \(attributeNames)",
            sourceLocation: sourceLocation)
    }

    // MARK: The charts

    @Test func chartEscapesWhatItDraws() {
        let chart = TrendChart(
            title: Self.hostile[0], months: Self.hostile,
            series: [
                TrendChart.Series(name: Self.hostile[1], color: TrendChart.palette[0], values: [0.5, 0.9, nil, 0.7, 1])
            ],
            target: 0.9, isRatio: true)
        let svg = chart.svg()
        let scan = HTMLScan(svg)
        Self.expectNoMarkupFromData(svg, scan, page: "chart")
        #expect(
            scan.shown.contains(Self.hostile[1] + " " + Self.hostile[0] + ": 50%"),
            "a point's tooltip names its series and month")
    }

    /// Month labels are centred on their month: the first and the latest stay inside the chart.
    @Test func monthLabelsFitInsideTheChart() {
        let last = ReportPeriod.month(10, of: 2026)
        let months = (last.previousMonths(11) + [last]).map(\.description)
        let chart = TrendChart(
            title: "on site", months: months,
            series: [TrendChart.Series(name: "north", color: TrendChart.palette[0], values: months.map { _ in 0.9 })],
            target: 0.9, isRatio: true)
        let width = 420.0
        let scan = HTMLScan(chart.svg(width: Int(width)))
        var labels = 0
        for tag in scan.tags where tag.name == "text" {
            let attributes = Dictionary(
                tag.attributes.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            // The months' labels are the centred texts, each as long as a month's name.
            guard attributes["text-anchor"] == "middle", let x = attributes["x"].flatMap(Double.init) else { continue }
            let half = Double(months[0].count) * TrendChart.labelCharacterWidth / 2
            #expect(x - half >= 0 && x + half <= width, "the label at x=\(x) is cut off")
            labels += 1
        }
        #expect(labels >= 6, "every other month is labelled")
    }

    // MARK: Record ids

    @Test func recordsAreNamedByTheEndOfTheirIDs() throws {
        let pages = try DashboardFixture.pages()
        let drillDown = try #require(pages.drillDowns.first { !$0.lists[0].tables.isEmpty })
        let row = try #require(drillDown.lists[0].tables.first?.rows.first)
        #expect(row.id.short.count == RecordLabel.shortLength && row.id.full.hasSuffix(row.id.short))
        let scan = HTMLScan(PageTemplates.render(drillDown))
        let link = try #require(
            scan.tags.first {
                $0.name == "a" && $0.attributes.contains { $0.name == "title" && $0.value == row.id.full }
            })
        #expect(
            link.attributes.contains { $0.name == "href" && $0.value == "#" + row.id.full },
            "the full id is in the link")
        #expect(scan.texts.contains(row.id.short), "the short id is what the cell shows")
        #expect(!scan.texts.contains(row.id.full), "the full id is not written out in the table")
    }

    // MARK: The templates

    /// Every `.mustache` file is compiled in, and every page starts as HTML with its style.
    @Test func everyTemplateIsCompiledInAndRenders() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Server/Dashboard/Templates").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".mustache")
        }
        #expect(Set(files.map { String($0.dropLast(".mustache".count)) }) == Set(PageTemplates.sources.keys))
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(
                PageTemplates.sources[String(file.dropLast(".mustache".count))] == Array(text.utf8),
                "\(file) is the one built in")
        }
        let pages = try DashboardFixture.pages()
        for (name, html) in pages.rendered {
            #expect(html.hasPrefix("<!DOCTYPE html>"), "\(name)")
            #expect(html.contains("@media print{"), "\(name): the style")
            #expect(html.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</html>"), "\(name)")
        }
    }
}
