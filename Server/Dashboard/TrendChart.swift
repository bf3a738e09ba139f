import FieldSyncShared

/// A line chart drawn as SVG by the server: one line per series, months along the bottom,
/// the target as a dashed line. No script, no asset from elsewhere.
struct TrendChart {
    struct Series {
        let name: String
        let color: String
        /// One value per month (0…1 for ratios), nil where there is no data.
        let values: [Double?]
    }

    let title: String
    let months: [String]
    let series: [Series]
    /// The target in the same unit as the values.
    let target: Double?
    /// Whether values are ratios (drawn as 0–100%).
    let isRatio: Bool

    static let palette = ["#1a73e8", "#e8710a", "#188038", "#a142f4", "#d93025", "#5f6368"]

    /// About how wide a character of the month labels is (10 px text): the width they are given.
    static let labelCharacterWidth = 6.0

    func svg(width: Int = 420, height: Int = 200) -> String {
        // The latest month's label is centred on the right edge of the plot: room for half of it.
        let right = max(10, Double(months.last?.count ?? 0) * Self.labelCharacterWidth / 2 + 2)
        let left = 40.0, top = 10.0, bottom = 28.0
        let plotWidth = Double(width) - left - right
        let plotHeight = Double(height) - top - bottom
        let all = series.flatMap { $0.values.compactMap { $0 } } + (target.map { [$0] } ?? [])
        let maximum = isRatio ? 1.0 : max(1.0, (all.max() ?? 1) * 1.1)
        let minimum = isRatio ? max(0, min(0.5, (all.min() ?? 0) - 0.05)).rounded(toStep: 0.1) : 0
        func x(_ index: Int) -> Double {
            months.count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(months.count - 1)
        }
        func y(_ value: Double) -> Double {
            top + plotHeight * (1 - (min(max(value, minimum), maximum) - minimum) / max(maximum - minimum, 0.0001))
        }
        func label(_ value: Double) -> String {
            isRatio ? "\(Int((value * 100).rounded()))%" : String(Int(value.rounded()))
        }
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        for step in 0...4 {
            let value = minimum + (maximum - minimum) * Double(step) / 4
            out +=
                "<line x1=\"\(left)\" x2=\"\(Double(width) - right)\" y1=\"\(y(value))\" y2=\"\(y(value))\" stroke=\"#e3e7eb\"/>"
            out +=
                "<text x=\"\(left - 4)\" y=\"\(y(value) + 4)\" font-size=\"10\" text-anchor=\"end\" fill=\"#5f6368\">\(label(value))</text>"
        }
        // At most about six labels, counted back from the latest month so it is always labelled.
        let step = max(1, (months.count + 5) / 6)
        for (index, month) in months.enumerated() where (months.count - 1 - index) % step == 0 {
            out +=
                "<text x=\"\(x(index))\" y=\"\(Double(height) - 8)\" font-size=\"10\" text-anchor=\"middle\" fill=\"#5f6368\">\(HTML.escape(month))</text>"
        }
        if let target {
            out +=
                "<line x1=\"\(left)\" x2=\"\(Double(width) - right)\" y1=\"\(y(target))\" y2=\"\(y(target))\" stroke=\"#c5221f\" stroke-dasharray=\"4 3\"/>"
        }
        for line in series {
            // Break the line where a month has no data rather than drawing through it.
            var path = ""
            var pen = false
            for (index, value) in line.values.enumerated() {
                guard let value else {
                    pen = false
                    continue
                }
                path += (pen ? "L" : "M") + "\(x(index)),\(y(value)) "
                pen = true
                out +=
                    "<circle cx=\"\(x(index))\" cy=\"\(y(value))\" r=\"2.5\" fill=\"\(line.color)\"><title>\(HTML.escape(line.name)) \(HTML.escape(months[index])): \(label(value))</title></circle>"
            }
            if !path.isEmpty {
                out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"2\"/>"
            }
        }
        return out + "</svg>"
    }
}

extension Double {
    fileprivate func rounded(toStep step: Double) -> Double { (self / step).rounded(.down) * step }
}
