import APXCore
import APXDomain
import Foundation

extension Dashboard {
    static func percent(_ d: Double?) -> String { d.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
    static func days(_ d: Double?) -> String {
        guard let d else { return "—" }
        return d == d.rounded() ? String(Int(d)) : String(format: "%.1f", d)
    }

    /// The self-contained HTML page: inline CSS and SVG, CJK fonts, no script, nothing fetched.
    public var html: String {
        let e = HTML.escape
        let title = "审批效能督查 · 数据展示"
        var h = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) \(from.iso) – \(to.iso)</title>
        <style>
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:24px;color:#1d2733;background:#fff}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-left:4px solid #1f4e8c;padding-left:8px}
        .sub{color:#5b6775;font-size:13px}
        .cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
        .card{border:1px solid #d5dce5;border-radius:6px;padding:10px 14px;min-width:130px}
        .card b{display:block;font-size:24px;color:#1f4e8c}.card span{font-size:12px;color:#5b6775}
        table{border-collapse:collapse;font-size:13px;margin:6px 0}th,td{border:1px solid #d5dce5;padding:4px 8px;text-align:right}
        th{background:#f0f3f7}td.l,th.l{text-align:left}tr.none td{color:#9aa4b0}
        .two{display:flex;flex-wrap:wrap;gap:24px}.lbl{font-size:12px;fill:#33404d}.val{font-size:12px;fill:#1d2733}
        .late{color:#c62828;font-weight:bold}.note{font-size:12px;color:#5b6775;max-width:900px}
        </style></head><body>
        <h1>\(title)</h1>
        <div class="sub">统计期间 \(from.iso) 至 \(to.iso) · 截至 \(asOf.iso) · 范围：\(e(city.map(Cities.name) ?? "全省各设区市"))</div>
        <div class="cards">
        <div class="card"><b>\(total.projectsWarehoused)</b><span>入库项目</span></div>
        <div class="card"><b>\(total.projectsEnded)</b><span>结束项目</span></div>
        <div class="card"><b>\((1...4).map { total.resultsByStage[$0] ?? 0 }.reduce(0, +) + (total.resultsByStage[0] ?? 0))</b><span>入库成果</span></div>
        <div class="card"><b>\(total.itemsFinished)</b><span>办结事项</span></div>
        <div class="card"><b>\(Dashboard.percent(total.onTimeRate))</b><span>办结及时率</span></div>
        <div class="card"><b>\(Dashboard.percent(total.overdueRate))</b><span>超期率</span></div>
        <div class="card"><b>\(overdue.count)</b><span>当前超期在办</span></div>
        </div>
        <h2>各设区市</h2>
        <table><tr><th class="l">设区市</th><th>入库项目</th><th>结束项目</th><th>立项用地规划</th><th>工程建设许可</th><th>施工许可</th><th>竣工验收</th>
        <th>办结事项</th><th>按时</th><th>超期办结</th><th>超期在办</th><th>办结及时率</th><th>及时率排名</th><th>超期率</th><th>超期率排名</th></tr>

        """
        for c in cities {
            let none = c.projectsWarehoused + c.projectsEnded + c.itemsFinished + c.openOverdue + c.resultsByStage.values.reduce(0, +) == 0
            h += "<tr\(none ? " class=\"none\"" : "")><td class=\"l\">\(e(c.name))</td><td>\(c.projectsWarehoused)</td><td>\(c.projectsEnded)</td>"
            h += (1...4).map { "<td>\(c.resultsByStage[$0] ?? 0)</td>" }.joined()
            h += "<td>\(c.itemsFinished)</td><td>\(c.onTime)</td><td>\(c.late)</td><td>\(c.openOverdue)</td>"
            h += "<td>\(Dashboard.percent(c.onTimeRate))</td><td>\(c.onTimeRank.map(String.init) ?? "—")</td>"
            h += "<td>\(Dashboard.percent(c.overdueRate))</td><td>\(c.overdueRank.map(String.init) ?? "—")</td></tr>\n"
        }
        h += "</table>\n"
        let byOnTime = cities.filter { $0.onTimeRank != nil }.sorted { ($0.onTimeRank!, $0.code) < ($1.onTimeRank!, $1.code) }
        let byOverdue = cities.filter { $0.overdueRank != nil }.sorted { ($0.overdueRank!, $0.code) < ($1.overdueRank!, $1.code) }
        h += "<div class=\"two\"><div><h2>办结及时率排名</h2>"
        h += byOnTime.isEmpty ? "<p class=\"note\">期间内无办结事项。</p>" : DashboardSVG.bars(byOnTime.map {
            ("\($0.onTimeRank!). \($0.name)", $0.onTimeRate ?? 0, Dashboard.percent($0.onTimeRate) + "（\($0.onTime)/\($0.itemsFinished)）")
        }, max: 1, color: "#2e7d32", width: 460)
        h += "</div><div><h2>超期率排名</h2>"
        h += byOverdue.isEmpty ? "<p class=\"note\">期间内无办结或超期事项。</p>" : DashboardSVG.bars(byOverdue.map {
            ("\($0.overdueRank!). \($0.name)", $0.overdueRate ?? 0,
             Dashboard.percent($0.overdueRate) + "（\($0.late + $0.openOverdue)/\($0.itemsFinished + $0.openOverdue)）")
        }, max: 1, color: "#c62828", width: 460)
        h += "</div></div>\n<h2>各阶段入库成果</h2>"
        let stageRows = cities.filter { !$0.resultsByStage.isEmpty }.map { c in (label: c.name, parts: (1...4).map { c.resultsByStage[$0] ?? 0 }) }
        h += stageRows.isEmpty ? "<p class=\"note\">期间内无入库成果。</p>"
            : DashboardSVG.stacked(stageRows, colors: ["#1f4e8c", "#4f86c6", "#e08a00", "#2e7d32"],
                                   legend: ["1 立项用地规划许可", "2 工程建设许可", "3 施工许可", "4 竣工验收"], width: 640)
        h += "\n<h2>各事项办理用时（工作日）</h2>"
        if items.isEmpty {
            h += "<p class=\"note\">期间内无计时办结事项。</p>"
        } else {
            h += DashboardSVG.durations(items.map {
                (label: "\($0.sxbm) \($0.name)", median: $0.usedMedian ?? 0, p90: Double($0.usedP90 ?? 0), max: Double($0.usedMax ?? 0),
                 promised: $0.promisedMedian ?? 0)
            }, width: 700)
            h += "<p class=\"note\">蓝条为最长用时，深蓝标记中位数，橙色标记 P90，红色标记承诺时限（中位数）。</p>"
            h += "<table><tr><th class=\"l\">事项</th><th>阶段</th><th>办结</th><th>按时</th><th>用时中位数</th><th>P90</th><th>最长</th><th>承诺时限（中位数）</th><th>承诺时限（最长）</th></tr>\n"
            for i in items {
                h += "<tr><td class=\"l\">\(e(i.sxbm)) \(e(i.name))</td><td>\(i.stage)</td><td>\(i.finished)</td><td>\(i.onTime)</td>"
                h += "<td>\(Dashboard.days(i.usedMedian))</td><td>\(i.usedP90.map(String.init) ?? "—")</td><td>\(i.usedMax.map(String.init) ?? "—")</td>"
                h += "<td>\(Dashboard.days(i.promisedMedian))</td><td>\(i.promisedMax.map(String.init) ?? "—")</td></tr>\n"
            }
            h += "</table>\n"
        }
        h += "<h2>当前超期在办事项（截至 \(asOf.iso)）</h2>"
        if overdue.isEmpty {
            h += "<p class=\"note\">无超期在办事项。</p>"
        } else {
            h += "<table><tr><th class=\"l\">设区市</th><th class=\"l\">事项</th><th class=\"l\">项目代码</th><th class=\"l\">受理编号</th><th class=\"l\">承办单位</th><th>受理日</th><th>承诺时限</th><th>到期日</th><th>超期（工作日）</th><th>超期（自然日）</th></tr>\n"
            for o in overdue {
                h += "<tr><td class=\"l\">\(e(o.cityName))</td><td class=\"l\">\(e(o.item.sxbm))</td><td class=\"l\">\(e(o.item.gcdm.isEmpty ? o.item.xmdm : o.item.gcdm))</td>"
                h += "<td class=\"l\">\(e(o.item.key))</td><td class=\"l\">\(e(o.item.handler))</td><td>\(e(o.item.acceptedOn))</td><td>\(o.item.promisedDays)</td>"
                h += "<td>\(e(o.item.deadline))</td><td class=\"late\">\(o.workingDaysLate)</td><td>\(o.daysLate)</td></tr>\n"
            }
            h += "</table>\n"
        }
        h += "<h2>月度趋势</h2>"
        h += DashboardSVG.trend(months: months.map(\.month), series: [
            ("入库项目", "#1f4e8c", months.map(\.projectsWarehoused)), ("结束项目", "#7b5ea7", months.map(\.projectsEnded)),
            ("入库成果", "#4f86c6", months.map(\.resultsWarehoused)),
            ("办结事项", "#e08a00", months.map(\.itemsFinished)),
        ], rate: months.map(\.onTimeRate))
        h += "<table><tr><th class=\"l\">月份</th><th>入库项目</th><th>结束项目</th><th>入库成果</th><th>办结事项</th><th>按时</th><th>超期办结</th><th>办结及时率</th></tr>\n"
        for m in months {
            h += "<tr><td class=\"l\">\(m.month)</td><td>\(m.projectsWarehoused)</td><td>\(m.projectsEnded)</td><td>\(m.resultsWarehoused)</td>"
            h += "<td>\(m.itemsFinished)</td><td>\(m.onTime)</td><td>\(m.late)</td><td>\(Dashboard.percent(m.onTimeRate))</td></tr>\n"
        }
        h += """
        </table>
        <p class="note">口径：入库项目按首次入库日；结束项目按档案接收日；入库成果为当前有效版本，按接收日计；办结事项按办结日计，用时为受理次日起的工作日（法定节假日与调休按日历文件）；
        办结及时率 = 按时办结 / 办结；超期率 = （超期办结 + 到期日在期间内且已过期的在办事项）/（办结 + 该类在办事项）；排名并列同名次，及时率高者、超期率低者居前。由 apx dashboard 生成。</p>
        </body></html>

        """
        return h
    }
}
