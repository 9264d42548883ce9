import APXCore
import Foundation

/// Small inline SVG charts for the dashboard page (no scripts, no external resources).
enum DashboardSVG {
    static func esc(_ s: String) -> String { HTML.escape(s) }
    static func num(_ d: Double) -> String { String(format: "%.1f", d) }

    /// Horizontal bars, one row each: label, value in 0…max, the text printed after the bar.
    static func bars(_ rows: [(label: String, value: Double, text: String)], max: Double, color: String, width: Int = 560) -> String {
        let rowH = 24, labelW = 96, barW = Double(width - labelW - 130)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(rows.count * rowH + 8)\" role=\"img\">"
        for (i, r) in rows.enumerated() {
            let y = i * rowH + 4
            let w = max > 0 ? barW * Swift.max(0, Swift.min(1, r.value / max)) : 0
            out += "<text x=\"\(labelW - 6)\" y=\"\(y + 16)\" text-anchor=\"end\" class=\"lbl\">\(esc(r.label))</text>"
            out += "<rect x=\"\(labelW)\" y=\"\(y + 3)\" width=\"\(num(barW))\" height=\"16\" fill=\"#eef1f5\"/>"
            out += "<rect x=\"\(labelW)\" y=\"\(y + 3)\" width=\"\(num(w))\" height=\"16\" fill=\"\(color)\"/>"
            out += "<text x=\"\(num(Double(labelW) + w + 6))\" y=\"\(y + 16)\" class=\"val\">\(esc(r.text))</text>"
        }
        return out + "</svg>"
    }

    /// Stacked horizontal bars: per row the segments' counts, coloured per series.
    static func stacked(_ rows: [(label: String, parts: [Int])], colors: [String], legend: [String], width: Int = 560) -> String {
        let rowH = 24, labelW = 96, barW = Double(width - labelW - 50)
        let top = 26
        let maxTotal = Double(rows.map { $0.parts.reduce(0, +) }.max() ?? 0)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(rows.count * rowH + top + 6)\" role=\"img\">"
        for (i, name) in legend.enumerated() {
            out += "<rect x=\"\(labelW + i * 135)\" y=\"4\" width=\"12\" height=\"12\" fill=\"\(colors[i % colors.count])\"/>"
            out += "<text x=\"\(labelW + i * 135 + 16)\" y=\"15\" class=\"lbl\">\(esc(name))</text>"
        }
        for (i, r) in rows.enumerated() {
            let y = top + i * rowH
            out += "<text x=\"\(labelW - 6)\" y=\"\(y + 16)\" text-anchor=\"end\" class=\"lbl\">\(esc(r.label))</text>"
            var x = Double(labelW)
            for (k, n) in r.parts.enumerated() where n > 0 {
                let w = maxTotal > 0 ? barW * Double(n) / maxTotal : 0
                out += "<rect x=\"\(num(x))\" y=\"\(y + 3)\" width=\"\(num(w))\" height=\"16\" fill=\"\(colors[k % colors.count])\"><title>\(esc(legend[k])) \(n)</title></rect>"
                x += w
            }
            out += "<text x=\"\(num(x + 6))\" y=\"\(y + 16)\" class=\"val\">\(r.parts.reduce(0, +))</text>"
        }
        return out + "</svg>"
    }

    /// Working days used per item: a bar to the maximum, marks at median and p90, and the
    /// promised limit as a red tick.
    static func durations(_ rows: [(label: String, median: Double, p90: Double, max: Double, promised: Double)], width: Int = 560) -> String {
        let rowH = 26, labelW = 150, barW = Double(width - labelW - 30), top = 22
        let scale = Swift.max(1, rows.map { Swift.max($0.max, $0.promised) }.max() ?? 1)
        func x(_ v: Double) -> String { num(Double(labelW) + barW * v / scale) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(rows.count * rowH + top + 4)\" role=\"img\">"
        out += "<text x=\"\(labelW)\" y=\"14\" class=\"lbl\">0</text><text x=\"\(width - 30)\" y=\"14\" text-anchor=\"end\" class=\"lbl\">\(Int(scale)) 个工作日</text>"
        for (i, r) in rows.enumerated() {
            let y = top + i * rowH
            out += "<text x=\"\(labelW - 6)\" y=\"\(y + 16)\" text-anchor=\"end\" class=\"lbl\">\(esc(r.label))</text>"
            out += "<rect x=\"\(labelW)\" y=\"\(y + 6)\" width=\"\(num(barW * r.max / scale))\" height=\"10\" fill=\"#b8c7dc\"/>"
            out += "<rect x=\"\(x(r.median))\" y=\"\(y + 2)\" width=\"3\" height=\"18\" fill=\"#1f4e8c\"><title>中位数 \(num(r.median))</title></rect>"
            out += "<rect x=\"\(x(r.p90))\" y=\"\(y + 2)\" width=\"3\" height=\"18\" fill=\"#e08a00\"><title>P90 \(num(r.p90))</title></rect>"
            out += "<rect x=\"\(x(r.promised))\" y=\"\(y)\" width=\"2\" height=\"22\" fill=\"#c62828\"><title>承诺时限 \(num(r.promised))</title></rect>"
        }
        return out + "</svg>"
    }

    /// Monthly columns (one group per month, one column per series) with the on-time rate
    /// as a line on a 0–100 % axis at the right.
    static func trend(months: [String], series: [(name: String, color: String, values: [Int])], rate: [Double?], width: Int = 900) -> String {
        let height = 240, left = 40, right = 50, top = 30, bottom = 36
        let plotW = Double(width - left - right), plotH = Double(height - top - bottom)
        let maxV = Double(Swift.max(1, series.flatMap(\.values).max() ?? 1))
        let groupW = months.isEmpty ? plotW : plotW / Double(months.count)
        let colW = Swift.max(2, (groupW - 10) / Double(Swift.max(1, series.count)))
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\">"
        for (i, s) in series.enumerated() {
            out += "<rect x=\(q(left + i * 120)) y=\"6\" width=\"12\" height=\"12\" fill=\"\(s.color)\"/>"
            out += "<text x=\(q(left + i * 120 + 16)) y=\"17\" class=\"lbl\">\(esc(s.name))</text>"
        }
        out += "<line x1=\(q(left + series.count * 120 + 4)) y1=\"12\" x2=\(q(left + series.count * 120 + 20)) y2=\"12\" stroke=\"#2e7d32\" stroke-width=\"2\"/>"
        out += "<text x=\(q(left + series.count * 120 + 24)) y=\"17\" class=\"lbl\">办结及时率</text>"
        out += "<line x1=\(q(left)) y1=\(q(top + Int(plotH))) x2=\(q(width - right)) y2=\(q(top + Int(plotH))) stroke=\"#999\"/>"
        out += "<text x=\(q(left - 4)) y=\(q(top + 4)) text-anchor=\"end\" class=\"lbl\">\(Int(maxV))</text>"
        out += "<text x=\(q(width - right + 4)) y=\(q(top + 4)) class=\"lbl\">100%</text>"
        out += "<text x=\(q(width - right + 4)) y=\(q(top + Int(plotH))) class=\"lbl\">0%</text>"
        var points: [String] = []
        for (m, month) in months.enumerated() {
            let gx = Double(left) + groupW * Double(m) + 5
            for (i, s) in series.enumerated() {
                let v = Double(s.values[m])
                let h = plotH * v / maxV
                out += "<rect x=\"\(num(gx + colW * Double(i)))\" y=\"\(num(Double(top) + plotH - h))\" width=\"\(num(colW - 1))\" height=\"\(num(h))\" fill=\"\(s.color)\"><title>\(esc(month)) \(esc(s.name)) \(Int(v))</title></rect>"
            }
            out += "<text x=\"\(num(gx + (groupW - 10) / 2))\" y=\(q(height - bottom + 16)) text-anchor=\"middle\" class=\"lbl\">\(esc(month))</text>"
            if let r = rate[m] { points.append("\(num(gx + (groupW - 10) / 2)),\(num(Double(top) + plotH * (1 - r)))") }
        }
        if points.count > 1 { out += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#2e7d32\" stroke-width=\"2\"/>" }
        for p in points {
            let xy = p.split(separator: ",")
            out += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"3\" fill=\"#2e7d32\"/>"
        }
        return out + "</svg>"
    }

    private static func q(_ i: Int) -> String { "\"\(i)\"" }
}
