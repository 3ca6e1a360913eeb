import Foundation
import GenetixCore

/// The operator configuration (`config.example.json`), read by the console and by every headless command: the
/// cluster's name, its nodes and how to reach them, the refresh interval, the theme and the thresholds `genetix check`
/// and the console colour by. `OperatorConfigLoader` finds and checks it.
public struct OperatorConfig: Sendable, Equatable {
    /// The cluster's name, shown in headers and in `check` output.
    public var cluster: String
    /// Every node, in the order tables list them.
    public var nodes: [ConfiguredNode]
    /// Seconds between polls in the console and `status --watch`.
    public var refreshSeconds: Double
    /// The console theme's name.
    public var theme: String
    /// How many log lines the console keeps, all nodes merged (about 250 bytes each in memory).
    public var logLines: Int
    /// Warning and critical levels.
    public var thresholds: CheckThresholds
    /// The file the configuration was read from (for messages).
    public var path: String
    /// The central syslog collector's directory (`collector`), where it stores each node's lines as
    /// `NODE/YYYY-MM-DD.log`: `genetix logs` reads a node's recent lines there when its admin API is gone.
    public var collector: String?

    public init(cluster: String, nodes: [ConfiguredNode], refreshSeconds: Double = 1, theme: String = "default",
                logLines: Int = 2000, thresholds: CheckThresholds = CheckThresholds(), path: String = "") {
        self.cluster = cluster
        self.nodes = nodes
        self.refreshSeconds = refreshSeconds
        self.theme = theme
        self.logLines = logLines
        self.thresholds = thresholds
        self.path = path
    }

    /// The node with this name, if configured.
    public func node(named name: String) -> ConfiguredNode? { nodes.first { $0.name == name } }
}

/// One node of the configuration: where its admin API is and the token to use.
public struct ConfiguredNode: Sendable, Equatable, Hashable {
    public var name: String
    public var kind: NodeKind
    /// The admin API's base URL, e.g. `http://127.0.0.1:9301`.
    public var admin: String
    /// The bearer token, already resolved from `token`, `tokenFile` or `tokenEnv` (nil: no token configured).
    public var token: String?
    /// A CA certificate (PEM) to trust for an `https` admin URL.
    public var caFile: String?

    public init(name: String, kind: NodeKind, admin: String, token: String? = nil, caFile: String? = nil) {
        self.name = name
        self.kind = kind
        self.admin = admin
        self.token = token
        self.caFile = caFile
    }
}

/// Warning and critical levels for the figures `genetix check` judges and the console colours.
public struct CheckThresholds: Sendable, Equatable, Codable {
    /// A pair of levels: a value at or above `crit` is critical, at or above `warn` a warning.
    public struct Levels: Sendable, Equatable, Codable {
        public var warn: Double
        public var crit: Double
        public init(warn: Double, crit: Double) { self.warn = warn; self.crit = crit }

        /// The severity of `value` against these levels.
        public func severity(of value: Double) -> CheckSeverity {
            value >= crit ? .critical : value >= warn ? .warning : .ok
        }
    }

    /// 99th-percentile latency of a node, milliseconds.
    public var p99Ms = Levels(warn: 250, crit: 1000)
    /// Share of 5xx answers, 0…1.
    public var errorRate = Levels(warn: 0.01, crit: 0.05)
    /// Replication lag of a replica, bytes.
    public var lagBytes = Levels(warn: 1_048_576, crit: 16_777_216)
    /// CPU of a node's process, percent of one core.
    public var cpuPercent = Levels(warn: 70, crit: 90)
    /// Workers (app) or backends (balancer) not serving: errored, down, ejected.
    public var unavailable = Levels(warn: 1, crit: 2)
    /// Nodes whose admin API did not answer.
    public var unreachable = Levels(warn: 1, crit: 1)
    /// Seconds without fresh data before the console shows a node as stale (warn) or lost (crit).
    public var staleSeconds = Levels(warn: 5, crit: 15)

    public init() {}

    /// The keys of the `thresholds` object, in documentation order.
    public static let keys = ["p99Ms", "errorRate", "lagBytes", "cpuPercent", "unavailable", "unreachable", "staleSeconds"]

    /// The levels stored under a key of the `thresholds` object.
    public subscript(key: String) -> Levels? {
        get {
            switch key {
            case "p99Ms": p99Ms
            case "errorRate": errorRate
            case "lagBytes": lagBytes
            case "cpuPercent": cpuPercent
            case "unavailable": unavailable
            case "unreachable": unreachable
            case "staleSeconds": staleSeconds
            default: nil
            }
        }
        set {
            guard let newValue else { return }
            switch key {
            case "p99Ms": p99Ms = newValue
            case "errorRate": errorRate = newValue
            case "lagBytes": lagBytes = newValue
            case "cpuPercent": cpuPercent = newValue
            case "unavailable": unavailable = newValue
            case "unreachable": unreachable = newValue
            case "staleSeconds": staleSeconds = newValue
            default: break
            }
        }
    }
}

/// How bad something is, in Nagios terms.
public enum CheckSeverity: Int, Sendable, Comparable, Hashable, Codable {
    case ok = 0, warning = 1, critical = 2, unknown = 3

    /// The Nagios word: `OK`, `WARNING`, `CRITICAL`, `UNKNOWN`.
    public var word: String {
        switch self { case .ok: "OK"; case .warning: "WARNING"; case .critical: "CRITICAL"; case .unknown: "UNKNOWN" }
    }

    /// Orders by how bad: ok < warning < unknown < critical (a critical finding outranks one that could not be judged).
    public static func < (a: CheckSeverity, b: CheckSeverity) -> Bool { a.rank < b.rank }
    private var rank: Int { switch self { case .ok: 0; case .warning: 1; case .unknown: 2; case .critical: 3 } }
}
