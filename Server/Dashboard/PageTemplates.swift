import Mustache

/// A page of the dashboard: a view model and the template that shows it.
///
/// View models are plain values built by pure functions from the report data; every text in them
/// is shown through `{{name}}`, which escapes it for HTML, so no value can become markup.
protocol PageView: Sendable, Codable {
    /// The template's name: its file in `Templates/` without `.mustache`.
    static var template: String { get }
}

/// The dashboard's mustache templates, and the one way a page is rendered.
///
/// The templates are `Server/Dashboard/Templates/*.mustache`, compiled into the binary as package
/// resources (`.embedInCode` in Package.swift): a server installed as a lone binary (the Debian
/// package puts it in /usr/bin) has them without a resource bundle beside it, which
/// `Bundle.module` would need and, missing, stop the server on the first page.
enum PageTemplates {
    /// Every template by name, for partials and parents (`{{> record_id}}`, `{{<layout}}`).
    static let sources: [String: [UInt8]] = [
        "layout": PackageResources.layout_mustache,
        "login": PackageResources.login_mustache,
        "dashboard": PackageResources.dashboard_mustache,
        "drilldown": PackageResources.drilldown_mustache,
        "inspection": PackageResources.inspection_mustache,
        "record_id": PackageResources.record_id_mustache,
        "attachments": PackageResources.attachments_mustache,
    ]

    /// The parsed templates. They are part of the program, so one that does not parse is a
    /// programmer's error, caught by `PageTemplatesTests` before it ships.
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, bytes) in sources {
            do {
                try library.register(String(decoding: bytes, as: UTF8.self), named: name)
            } catch {
                preconditionFailure("the dashboard template \(name).mustache does not parse: \(error)")
            }
        }
        return library
    }()

    /// The page's HTML.
    static func render<View: PageView>(_ view: View) -> String {
        guard let html = library.render(view, withTemplate: View.template) else {
            preconditionFailure("no dashboard template named \(View.template)")
        }
        return html
    }
}
