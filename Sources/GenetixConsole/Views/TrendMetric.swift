/// What the overview's trend column plots; `m` cycles it.
public enum TrendMetric: String, Sendable, CaseIterable, Equatable {
    case requests, p99, errors, cpu

    /// The column title's metric name.
    public var title: String {
        switch self {
        case .requests: "req/s"
        case .p99: "p99"
        case .errors: "5xx"
        case .cpu: "CPU"
        }
    }

    /// The next metric in the cycle.
    public var next: TrendMetric {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    /// The history series the column draws for a node.
    func series(for node: NodeSnapshot) -> MetricSeries {
        switch self {
        case .requests: node.headlineSeries
        case .p99: .p99Ms
        case .errors: .errorRate
        case .cpu: .cpuPercent
        }
    }
}
