/// The cluster as its clients see it, over time: requests/s summed over every balancer, the worst balancer p99, and
/// the share of 5xx answers weighted by each balancer's traffic. `ClusterModel` appends one sample per poll of the
/// first balancer, so frames only read it.
public struct EdgeHistory: Sendable, Equatable {
    public var requests = MetricHistory()
    public var p99 = MetricHistory()
    public var errors = MetricHistory()

    public init() {}

    /// Appends the edge figures of the reachable balancers among `nodes`; nothing when none answers.
    public mutating func record(from nodes: [NodeSnapshot]) {
        var rate = 0.0, worst = 0.0, failing = 0.0, any = false
        for node in nodes where node.kind == .balancer && node.isReachable {
            guard let f = node.status?.figures else { continue }
            any = true
            rate += f.requestsPerSecond
            worst = max(worst, f.p99Ms ?? 0)
            failing += f.requestsPerSecond * f.errorRate
        }
        guard any else { return }
        requests.append(rate)
        p99.append(worst)
        errors.append(rate > 0 ? failing / rate : 0)
    }
}
