import Foundation

/// Building blocks of the self-contained HTML pages apx writes (run report, dashboard):
/// escaping, one style sheet with a CJK font stack, tables, "none" for empty sections and
/// inline SVG bar charts. No scripts, no external resources.
public enum HTML {
    /// Fonts that render Chinese on Linux, Windows and macOS, then the default.
    public static let fontStack = "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"WenQuanYi Micro Hei\", \"Microsoft YaHei\", \"PingFang SC\", sans-serif"

    public static let style = """
        body{font-family:\(fontStack);margin:2em;color:#222;max-width:1200px}
        h1{font-size:22px}h2{font-size:18px;border-bottom:2px solid #48a;padding-bottom:2px;margin-top:1.6em}
        h3{font-size:15px;margin:1em 0 .3em}
        table{border-collapse:collapse;margin:.4em 0 1em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px;vertical-align:top}
        th{background:#eee}td.n,th.n{text-align:right}.none{color:#777;font-style:italic}.note{color:#555;font-size:13px}
        .kpi{display:inline-block;border:1px solid #ccc;border-radius:4px;padding:6px 12px;margin:0 8px 8px 0}
        .kpi b{display:block;font-size:17px}.bad{color:#c33}.ok{color:#284}
        svg text{font-family:\(fontStack);font-size:12px}
        """

    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // Controls are invalid in HTML and direction overrides disguise names: shown as `\x1B`
            // (line breaks and tabs are HTML whitespace and stay).
            case "\n", "\t", "\r": out.unicodeScalars.append(c)
            case _ where TerminalText.needsEscape(c): out += TerminalText.safe(String(c))
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    public static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>\(style)</style></head><body>
        \(body)
        </body></html>

        """
    }

    /// Shown where a section has nothing: 无.
    public static let none = "<p class=\"none\">无 (none)</p>"

    /// A table of text cells (escaped); columns in `numeric` are right-aligned.
    public static func table(_ headers: [String], _ rows: [[String]], numeric: Set<Int> = []) -> String {
        tableRaw(headers, rows.map { $0.map(escape) }, numeric: numeric)
    }

    /// A table whose cells are already HTML.
    public static func tableRaw(_ headers: [String], _ rows: [[String]], numeric: Set<Int> = []) -> String {
        var out = "<table><tr>"
        for (i, h) in headers.enumerated() { out += numeric.contains(i) ? "<th class=\"n\">\(escape(h))</th>" : "<th>\(escape(h))</th>" }
        out += "</tr>"
        for row in rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() { out += numeric.contains(i) ? "<td class=\"n\">\(cell)</td>" : "<td>\(cell)</td>" }
            out += "</tr>"
        }
        return out + "</table>"
    }

    /// "showing the first N of TOTAL" when a list was capped.
    public static func capped(shown: Int, total: Int) -> String {
        shown < total ? "<p class=\"note\">showing \(shown) of \(total) (共 \(total) 条)</p>" : ""
    }

    public struct Bar: Sendable {
        public let label: String
        public let value: Double
        public let text: String
        public let colour: String
        public init(label: String, value: Double, text: String, colour: String = "#48a") {
            self.label = label; self.value = value; self.text = text; self.colour = colour
        }
    }

    /// A horizontal bar chart as inline SVG: one row per bar, label, bar scaled to
    /// `maxValue` (the largest value when nil), value text.
    public static func barChart(_ bars: [Bar], maxValue: Double? = nil, title: String, labelWidth: Int = 170, barWidth: Int = 420) -> String {
        let rowHeight = 22
        let height = bars.count * rowHeight + 8
        let width = labelWidth + barWidth + 120
        let top = maxValue ?? bars.map(\.value).max() ?? 0
        var out = "<svg role=\"img\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">"
        out += "<title>\(escape(title))</title>"
        for (i, bar) in bars.enumerated() {
            let y = 4 + i * rowHeight
            let w = top > 0 ? Int((bar.value / top * Double(barWidth)).rounded()) : 0
            out += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\">\(escape(bar.label))</text>"
            out += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(barWidth)\" height=\"15\" fill=\"#f0f0f0\"/>"
            out += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(max(0, w))\" height=\"15\" fill=\"\(bar.colour)\"/>"
            out += "<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 15)\">\(escape(bar.text))</text>"
        }
        return out + "</svg>"
    }
}
