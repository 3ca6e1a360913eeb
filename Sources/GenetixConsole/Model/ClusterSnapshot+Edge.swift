/// The cluster as its clients see it: figures at the balancer edge, summed over every balancer.
extension ClusterSnapshot {
    /// Edge histories, oldest first, over the samples every reachable balancer has: total requests/s, the worst p99,
    /// and the share of 5xx answers weighted by each balancer's traffic.
    public var edgeHistories: (requests: [Double], p99: [Double], errors: [Double]) {
        let balancers = nodes.filter { $0.kind == .balancer && !$0.samples(.requestsPerSecond).isEmpty }
        guard !balancers.isEmpty else { return ([], [], []) }
        let count = balancers.map { $0.samples(.requestsPerSecond).count }.min() ?? 0
        var requests = [Double](repeating: 0, count: count)
        var p99 = [Double](repeating: 0, count: count)
        var errors = [Double](repeating: 0, count: count)
        for node in balancers {
            let r = node.samples(.requestsPerSecond).suffix(count), l = node.samples(.p99Ms).suffix(count), e = node.samples(.errorRate).suffix(count)
            for (i, v) in r.enumerated() { requests[i] += v }
            for (i, v) in l.enumerated() where i < count { p99[i] = max(p99[i], v) }
            for (i, (rate, share)) in zip(r, e).enumerated() { errors[i] += rate * share }
        }
        for i in 0..<count { errors[i] = requests[i] > 0 ? errors[i] / requests[i] : 0 }
        return (requests, p99, errors)
    }
}
