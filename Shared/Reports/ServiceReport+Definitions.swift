/// What the report's figures count, as text the CLI and the web page print.
extension ServiceReport {
    /// Every figure's definition, target and manual section, then what holds for all of them.
    ///
    /// ```text
    /// Rework (rework) — target ≤ 2% — manual 8.0 §4.3
    ///   Rework (返修): a closed repair completed in the period is reworked when …
    /// ```
    public static func definitions(in language: Language) -> String {
        var lines = [String]()
        for kind in FigureKind.allCases {
            let manual = language.text("manual", zh: "手册")
            let target = language.text("target", zh: "目标")
            let heading = "\(kind.name(in: language)) (\(kind.rawValue))"
            lines.append("\(heading) — \(target) \(kind.target.text) — \(manual) \(kind.manualSection)")
            lines.append("  " + kind.definition.text(in: language))
        }
        lines.append("")
        lines.append(FigureKind.commonDefinition.text(in: language))
        return lines.joined(separator: "\n") + "\n"
    }
}
