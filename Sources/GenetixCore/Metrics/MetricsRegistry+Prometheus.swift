import Foundation

/// Prometheus text exposition format 0.0.4.
extension MetricsRegistry {
    /// The content type of `prometheusText()`.
    public static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Every metric in the Prometheus text format 0.0.4 (`GET /metrics`): one `# HELP` and `# TYPE` per family, families
    /// sorted by name; histograms as cumulative `le` buckets (`Histogram.exportBounds` and `+Inf`), `_sum` and `_count`.
    public func prometheusText() -> String {
        var out = ""
        out.reserveCapacity(4096)
        for (family, series) in collect() {
            out += "# HELP \(family.name) \(PrometheusText.escapeHelp(family.help))\n"
            out += "# TYPE \(family.name) \(family.kind.rawValue)\n"
            for (labels, instrument) in series {
                switch instrument {
                case .counter(let c): out += "\(family.name)\(PrometheusText.labels(labels.pairs)) \(c.value)\n"
                case .counterFunction(let f), .gaugeFunction(let f):
                    out += "\(family.name)\(PrometheusText.labels(labels.pairs)) \(PrometheusText.number(f()))\n"
                case .gauge(let g): out += "\(family.name)\(PrometheusText.labels(labels.pairs)) \(PrometheusText.number(g.value))\n"
                case .histogram(let h):
                    let s = h.snapshot()
                    for bound in Histogram.exportBounds {
                        let le = MetricLabels.Pair(name: "le", value: PrometheusText.number(bound))
                        out += "\(family.name)_bucket\(PrometheusText.labels(labels.pairs + [le])) \(s.cumulativeCount(atMost: bound))\n"
                    }
                    let inf = MetricLabels.Pair(name: "le", value: "+Inf")
                    out += "\(family.name)_bucket\(PrometheusText.labels(labels.pairs + [inf])) \(s.count)\n"
                    out += "\(family.name)_sum\(PrometheusText.labels(labels.pairs)) \(PrometheusText.number(s.sum))\n"
                    out += "\(family.name)_count\(PrometheusText.labels(labels.pairs)) \(s.count)\n"
                }
            }
        }
        return out
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
