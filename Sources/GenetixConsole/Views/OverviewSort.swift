import GenetixCore

/// The overview's sort: a column (by its index in `OverviewView.columns`) and a direction. Nodes stay grouped by tier;
/// the sort orders each tier.
public struct OverviewSort: Sendable, Equatable {
    /// Columns that can be sorted by, in the order `<` and `>` step through them.
    public static let sortable = [0, 2, 4, 5, 6, 7, 8, 3]

    public var column: Int
    public var descending: Bool

    public init(column: Int, descending: Bool) {
        self.column = column
        self.descending = descending
    }

    /// Orders `nodes` by the column (ties by name); numeric columns start with the largest unless reversed.
    func apply(_ nodes: [NodeSnapshot], at time: Double) -> [NodeSnapshot] {
        func key(_ n: NodeSnapshot) -> Double {
            let f = n.status?.figures
            switch column {
            case 2: return Double(n.isReachable ? (n.status?.health.status == .ok ? 0 : n.status?.health.status == .degraded ? 1 : 2) : 3)
            case 3: return n.updatedAt.map { time - $0.timeIntervalSinceReferenceDate } ?? .infinity
            case 4: return f?.requestsPerSecond ?? -1
            case 5: return f?.p99Ms ?? -1
            case 6: return f?.errorRate ?? -1
            case 7: return f?.cpuPercent ?? -1
            case 8: return Double(f?.residentBytes ?? -1)
            default: return 0
            }
        }
        return nodes.sorted { a, b in
            if column == 0 { return descending ? a.name > b.name : a.name < b.name }
            let ka = key(a), kb = key(b)
            if ka == kb { return a.name < b.name }
            return descending ? ka > kb : ka < kb
        }
    }
}
