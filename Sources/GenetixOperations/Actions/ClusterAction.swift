/// How many workers a scale asks for: an absolute count or a change (`4`, `+2`, `-1`).
public enum WorkerCountChange: Sendable, Hashable, CustomStringConvertible {
    case exactly(Int)
    case by(Int)

    /// The most workers a change may name (an app node runs at most 64), so `+K` can never overflow.
    public static let limit = 64

    /// Parses `4`, `+2` or `-1` with N and K at most `limit`; nil for anything else (`+0`, `-0`, `x`, negative
    /// absolutes, fractions, `1e3`, non-ASCII digits, huge numbers).
    public init?(parsing text: String) {
        let isDigits: (Substring) -> Bool = { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
        if let sign = text.first, sign == "+" || sign == "-" {
            let digits = text.dropFirst()
            guard isDigits(digits), digits.count <= 4, let k = Int(digits), k > 0, k <= Self.limit else { return nil }
            self = .by(sign == "-" ? -k : k)
        } else {
            guard isDigits(Substring(text)), text.count <= 4, let n = Int(text), n <= Self.limit else { return nil }
            self = .exactly(n)
        }
    }

    /// As typed: `4`, `+2`, `-1`.
    public var description: String {
        switch self {
        case .exactly(let n): "\(n)"
        case .by(let k): k >= 0 ? "+\(k)" : "\(k)"
        }
    }

    /// The count this change gives from `current` workers.
    public func target(from current: Int) -> Int {
        switch self {
        case .exactly(let n): n
        case .by(let k): current + k
        }
    }
}

/// The autoscaler settings an `autoscale` sends; nil fields keep the node's current value.
public struct AutoscaleSetting: Sendable, Hashable {
    public var enabled: Bool
    public var min: Int?
    public var max: Int?
    /// In-flight requests per worker the autoscaler aims at.
    public var target: Double?

    public init(enabled: Bool, min: Int? = nil, max: Int? = nil, target: Double? = nil) {
        self.enabled = enabled
        self.min = min
        self.max = max
        self.target = target
    }
}

/// Every operation that changes the cluster. The console's keys and the headless commands both build one of these
/// and hand it to `ClusterOperator`, so both run one code path.
public enum ClusterAction: Sendable, Hashable {
    /// `force` is needed to stop the last workers of a node (a scale to 0); without it the node refuses (409).
    case scale(node: String, change: WorkerCountChange, force: Bool = false)
    case autoscale(node: String, setting: AutoscaleSetting)
    /// One worker, or a rolling restart of all (`worker == nil`).
    case restart(node: String, worker: Int?)
    /// Drain a backend; `force` drains even the last backend that takes requests (refused otherwise).
    case drain(balancer: String, backend: String, force: Bool = false)
    case enable(balancer: String, backend: String)
    /// Promote a replica; then every other replica follows it, and with `rejoin` the old primary becomes its replica.
    case promote(node: String, force: Bool, rejoin: Bool)
    /// Balancer and database maintenance (weight, purge, fence, unfence, follow, rejoin, sync): see `ClusterAction+Maintenance.swift`.
    case weight(balancer: String, backend: String, weight: Int)
    case purge(balancer: String, prefix: String)
    case fence(node: String)
    /// Lift a fence; `force` asks the node to do it even when it is not the only primary (refused otherwise).
    case unfence(node: String, force: Bool = false)
    /// Re-point a replica at a primary (`HOST:PORT` of its PostgreSQL; nil: the cluster's current primary).
    case follow(node: String, primary: String?)
    /// Turn an old primary into a replica of `primary` (pg_rewind; nil: the cluster's current primary); `force` asks
    /// the node to do it even while it still accepts writes (refused otherwise).
    case rejoin(node: String, primary: String?, force: Bool = false)
    /// Synchronous replication on the primary on or off.
    case sync(node: String, enabled: Bool)
    /// Maintenance mode: automatic database failover off for the whole cluster (the etcd `config` key). Sent to
    /// `via`, or with nil to the first configured database node that answers.
    case pause(via: String?)
    /// Automatic database failover on again for the whole cluster; `via` as for `pause`.
    case resume(via: String?)
    /// A balancer of a pair in standby (`/readyz` 503, so keepalived moves the floating address to a peer) or out
    /// of it (ready again, as backup): see `ClusterOperator+Pair.swift`.
    case standby(balancer: String, enabled: Bool)

    /// The node the action is sent to.
    public var node: String {
        switch self {
        case .scale(let n, _, _), .autoscale(let n, _), .restart(let n, _), .promote(let n, _, _): n
        case .drain(let b, _, _), .enable(let b, _): b
        case .weight, .purge, .fence, .unfence, .follow, .rejoin, .sync, .pause, .resume, .standby: maintenanceNode
        }
    }

    /// A short title: `scale app-1 +2`.
    public var title: String {
        switch self {
        case .scale(let n, let c, let force): "scale \(n) \(c)\(force ? " (forced)" : "")"
        case .autoscale(let n, let s): "autoscale \(n) \(s.enabled ? "on" : "off")"
        case .restart(let n, let w): w.map { "restart worker \($0) of \(n)" } ?? "rolling restart of \(n)"
        case .drain(let b, let backend, let force): "\(force ? "force-drain" : "drain") \(backend) on \(b)"
        case .enable(let b, let backend): "enable \(backend) on \(b)"
        case .promote(let n, let force, let rejoin): "\(force ? "force-promote" : "promote") \(n)\(rejoin ? " (old primary rejoins)" : "")"
        case .weight, .purge, .fence, .unfence, .follow, .rejoin, .sync, .pause, .resume, .standby: maintenanceTitle
        }
    }

    /// The equivalent headless command, confirmed: `genetix promote db-2 --yes`.
    public var headlessCommand: String {
        switch self {
        case .scale(let n, let c, let force): "genetix scale \(n) \(c)\(force ? " --force" : "") --yes"
        case .autoscale(let n, let s):
            "genetix autoscale \(n) \(s.enabled ? "on" : "off")" + (s.min.map { " --min \($0)" } ?? "") + (s.max.map { " --max \($0)" } ?? "")
                + (s.target.map { " --target \(OperatorConfigParser.number($0))" } ?? "") + " --yes"
        case .restart(let n, let w): "genetix restart \(n)\(w.map { " \($0)" } ?? "") --yes"
        case .drain(let b, let backend, let force): "genetix drain \(b) \(backend)\(force ? " --force" : "") --yes"
        case .enable(let b, let backend): "genetix enable \(b) \(backend) --yes"
        case .promote(let n, let force, let rejoin): "genetix promote \(n)\(force ? " --force" : "")\(rejoin ? " --rejoin" : "") --yes"
        case .weight, .purge, .fence, .unfence, .follow, .rejoin, .sync, .pause, .resume, .standby: maintenanceCommand
        }
    }
}

/// What an action would do, shown before confirmation.
public struct PreflightReport: Sendable, Equatable, Codable {
    /// Facts, one per line: `app-1 has 2 online workers; after: 1`.
    public var lines: [String]
    /// Reasons for caution.
    public var warnings: [String]
    /// Set when the action cannot succeed as things are (it is then refused before being sent).
    public var blocker: String?
    /// The headless command that runs the action anyway (`genetix scale app-1 0 --force --yes`) when `--force` lifts
    /// the blocker; nil when nothing overrides it.
    public var override: String?

    public init(lines: [String] = [], warnings: [String] = [], blocker: String? = nil, override: String? = nil) {
        self.lines = lines
        self.warnings = warnings
        self.blocker = blocker
        self.override = override
    }
}

/// What an action did.
public struct OperationOutcome: Sendable, Equatable, Codable {
    /// One line: `app-1 scaled from 2 to 4 workers`.
    public var summary: String
    /// Further lines: steps, timings.
    public var details: [String]
    /// Each node's answer, by step (`promote db-2`, `follow db-3`).
    public var steps: [Step]

    /// One request of an operation and its answer.
    public struct Step: Sendable, Equatable, Codable {
        public var node: String
        public var action: String
        public var ok: Bool
        public var result: String
        public init(node: String, action: String, ok: Bool, result: String) {
            self.node = node
            self.action = action
            self.ok = ok
            self.result = result
        }
    }

    public init(summary: String, details: [String] = [], steps: [Step] = []) {
        self.summary = summary
        self.details = details
        self.steps = steps
    }
}
