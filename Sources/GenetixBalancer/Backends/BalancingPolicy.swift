/// How the proxy chooses among routable backends.
public enum BalancingPolicy: String, Sendable, CaseIterable {
    /// Each backend in turn.
    case roundRobin = "round-robin"
    /// The backend with the fewest requests in flight (ties in turn).
    case leastConnections = "least-connections"
    /// Smooth weighted round robin (nginx's algorithm): over any window, backends get shares proportional to weight.
    case weighted

    /// Parses a policy name (`round-robin`, `least-connections`, `weighted`).
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "round-robin", "roundrobin", "rr": self = .roundRobin
        case "least-connections", "leastconn", "least-conn": self = .leastConnections
        case "weighted", "weights", "wrr": self = .weighted
        default: return nil
        }
    }
}
