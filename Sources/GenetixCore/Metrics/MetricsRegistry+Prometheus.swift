import Foundation

/// Prometheus text exposition format 0.0.4.
extension MetricsRegistry {
    /// The content type of `prometheusText()`.
    public static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Every metric in the Prometheus text format 0.0.4 (`GET /metrics`): one `# HELP` and `# TYPE` per family, families
    /// sorted by name; histograms as cumulative `le` buckets (`Histogram.exportBounds` and `+Inf`), `_sum` and `_count`.
    ///
    /// Every family is written under its `genetix_` name in base units (`MetricNames.canonical`); a family registered
    /// under an older name is also written under that name, marked deprecated, for one release.
    public func prometheusText() -> String {
        var out = ""
        out.reserveCapacity(8192)
        var blocks: [(String, String)] = []
        for (family, series) in collect() {
            if let canonical = MetricNames.canonical(family.name) {
                blocks.append((canonical.name, render(family, series, name: canonical.name, help: family.help, scale: canonical.scale)))
                blocks.append((family.name, render(family, series, name: family.name,
                                                    help: "Deprecated alias of \(canonical.name) (removed in the next release). \(family.help)", scale: 1)))
            } else {
                blocks.append((family.name, render(family, series, name: family.name, help: family.help, scale: 1)))
            }
        }
        for (_, block) in blocks.sorted(by: { $0.0 < $1.0 }) { out += block }
        return out
    }

    private func render(_ family: Family, _ series: [(labels: MetricLabels, instrument: Instrument)], name: String, help: String, scale: Double) -> String {
        var out = "# HELP \(name) \(PrometheusText.escapeHelp(help))\n"
        out += "# TYPE \(name) \(family.kind.rawValue)\n"
        for (labels, instrument) in series {
            switch instrument {
            case .counter(let c): out += "\(name)\(PrometheusText.labels(labels.pairs)) \(c.value)\n"
            case .counterFunction(let f), .gaugeFunction(let f):
                out += "\(name)\(PrometheusText.labels(labels.pairs)) \(PrometheusText.number(f() * scale))\n"
            case .gauge(let g): out += "\(name)\(PrometheusText.labels(labels.pairs)) \(PrometheusText.number(g.value * scale))\n"
            case .histogram(let h):
                let s = h.snapshot()
                for bound in Histogram.exportBounds {
                    let le = MetricLabels.Pair(name: "le", value: PrometheusText.number(bound))
                    out += "\(name)_bucket\(PrometheusText.labels(labels.pairs + [le])) \(s.cumulativeCount(atMost: bound))\n"
                }
                let inf = MetricLabels.Pair(name: "le", value: "+Inf")
                out += "\(name)_bucket\(PrometheusText.labels(labels.pairs + [inf])) \(s.count)\n"
                out += "\(name)_sum\(PrometheusText.labels(labels.pairs)) \(PrometheusText.number(s.sum))\n"
                out += "\(name)_count\(PrometheusText.labels(labels.pairs)) \(s.count)\n"
            }
        }
        return out
    }
}

/// The one naming scheme of `/metrics`: a `genetix_` prefix, base units, ratios (0…1) instead of percentages,
/// `_total` on counters. `process_*` (the client libraries' standard names) and names already starting with
/// `genetix_` are kept; any other registered name is exported under its canonical name and, for one release, under
/// the old one as a deprecated alias.
public enum MetricNames {
    /// The canonical name of `name` and the factor its values are multiplied by, or nil when `name` is canonical.
    public static func canonical(_ name: String) -> (name: String, scale: Double)? {
        if name.hasPrefix("genetix_") || name.hasPrefix("process_") { return nil }
        if name.hasSuffix("_percent") { return ("genetix_" + name.dropLast("_percent".count) + "_ratio", 0.01) }
        return ("genetix_" + name, 1)
    }
}

/// Escaping and number formatting of the Prometheus text format.
enum PrometheusText {
    /// `{a="x",b="y"}`, or nothing without labels.
    static func labels(_ pairs: [MetricLabels.Pair]) -> String {
        guard !pairs.isEmpty else { return "" }
        return "{" + pairs.map { "\($0.name)=\"\(escapeLabelValue($0.value))\"" }.joined(separator: ",") + "}"
    }

    /// A label value: backslash, double quote and line feed escaped.
    static func escapeLabelValue(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var out = ""
        for ch in value {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A HELP text: backslash and line feed escaped.
    static func escapeHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// A sample value: integers without a fraction, `NaN`, `+Inf`, `-Inf`.
    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
