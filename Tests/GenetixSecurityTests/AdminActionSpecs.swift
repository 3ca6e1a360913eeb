import GenetixAdmin
import GenetixCore

/// What each node kind's admin actions do with good and bad bodies: the body an operator sends in the authorization
/// matrix with its documented status, and the malformed bodies with their 400 (and the field named).
struct ActionSpec: Sendable {
    let name: String
    /// A harmless body for the operator row and the status it gets on a fresh node (200, or the 409/500 the node's
    /// state gives, e.g. `promote` on a primary).
    let operatorBody: String
    let operatorStatus: Int
    /// Bad bodies: the body, and the field the 400 must name (nil when the body is not a JSON object at all).
    let bad: [(body: String, field: String?)]
}

/// A digest of what an action could change, compared before and after the bad bodies.
typealias StateDigest = @Sendable (AdminNodeHarness) async -> String

enum AdminActionSpecs {
    /// Bodies that are not JSON objects: every action answers 400 without a field.
    static let notObjects: [(body: String, field: String?)] = [
        ("{", nil), ("{\"workers\": 1,}", nil), ("not json", nil), ("[1, 2]", nil), ("\"text\"", nil), ("null", nil), ("42", nil),
        ("{\"a\": \"\\ud800\"", nil), ("\u{FEFF}{\"x\"", nil),
    ]

    static let app: [ActionSpec] = [
        ActionSpec(name: "scale", operatorBody: #"{"workers": 0}"#, operatorStatus: 200, bad: [
            (#"{"workers": "3"}"#, "workers"), (#"{"workers": 3.5}"#, "workers"), (#"{"workers": true}"#, "workers"),
            (#"{"workers": 1e300}"#, "workers"), (#"{"workers": 65}"#, "workers"), (#"{"workers": -1}"#, "workers"),
            (#"{"delta": -5}"#, "delta"), (#"{"delta": "+1"}"#, "delta"), (#"{}"#, "workers"),
            (#"{"workers": 1, "delta": 1}"#, "delta"), (#"{"workers": 1, "force": "yes"}"#, "force"), (#"{"workers": 1, "drain": true}"#, "drain"),
            (#"{"workers": {"n": 1}}"#, "workers"), (#"{"workers": [1]}"#, "workers"),
        ]),
        ActionSpec(name: "restart", operatorBody: #"{}"#, operatorStatus: 200, bad: [
            (#"{"worker": "1"}"#, "worker"), (#"{"worker": 1.5}"#, "worker"), (#"{"worker": null, "all": true}"#, "all"),
            (#"{"workers": 1}"#, "workers"),
        ]),
        ActionSpec(name: "autoscale", operatorBody: #"{"enabled": false}"#, operatorStatus: 200, bad: [
            (#"{"enabled": "yes"}"#, "enabled"), (#"{"enabled": 1}"#, "enabled"), (#"{"min": -1}"#, "min"),
            (#"{"min": "1"}"#, "min"), (#"{"max": 1000}"#, "max"), (#"{"max": 0}"#, "max"), (#"{"target": 5}"#, "target"),
            (#"{"target": {"cpu": 1}}"#, "target"), (#"{"target": {"rpsPerWorker": -1}}"#, "target"),
            (#"{"target": {"rpsPerWorker": 1, "inFlightPerWorker": 1}}"#, "target"),
            (#"{"scaleDownWindowSeconds": "5m"}"#, "scaleDownWindowSeconds"), (#"{"scaleDownWindowSeconds": -1}"#, "scaleDownWindowSeconds"),
            (#"{"enabeld": true}"#, "enabeld"), (#"{"enabled": true, "min": 3, "max": 2}"#, "max"),
        ]),
    ]

    static let database: [ActionSpec] = [
        ActionSpec(name: "promote", operatorBody: #"{}"#, operatorStatus: 409, bad: [
            (#"{"force": "yes"}"#, "force"), (#"{"force": 1}"#, "force"), (#"{"maxLagBytes": -1}"#, "maxLagBytes"),
            (#"{"maxLagBytes": "0"}"#, "maxLagBytes"), (#"{"maxLagBytes": 0.5}"#, "maxLagBytes"), (#"{"primary": "db-2"}"#, "primary"),
        ]),
        ActionSpec(name: "fence", operatorBody: #"{}"#, operatorStatus: 200, bad: [(#"{"force": true}"#, "force")]),
        ActionSpec(name: "unfence", operatorBody: #"{}"#, operatorStatus: 200, bad: [(#"{"now": true}"#, "now")]),
        ActionSpec(name: "follow", operatorBody: #"{"primary": "127.0.0.1:1"}"#, operatorStatus: 409, bad: [
            (#"{}"#, "primary"), (#"{"primary": 5432}"#, "primary"), (#"{"primary": "no-port"}"#, "primary"),
            (#"{"primary": "127.0.0.1:99999"}"#, "primary"), (#"{"primary": "127.0.0.1:5432", "force": true}"#, "force"),
            (#"{"primary": null}"#, "primary"), (#"{"primary": "' OR 1=1 --:5432"}"#, "primary"),
        ]),
        // The harness's node is a writable primary: rejoin refuses (409) unless forced (issue 15).
        ActionSpec(name: "rejoin", operatorBody: #"{"primary": "127.0.0.1:1"}"#, operatorStatus: 409, bad: [
            (#"{}"#, "primary"), (#"{"primary": ["127.0.0.1:5432"]}"#, "primary"), (#"{"primary": "host:port"}"#, "primary"),
            (#"{"primary": "127.0.0.1:5432", "mode": "rewind"}"#, "mode"), (#"{"primary": "127.0.0.1:5432", "force": "yes"}"#, "force"),
        ]),
        // Without etcd (--dcs) there is no automatic failover to pause or resume: 409.
        ActionSpec(name: "pause", operatorBody: #"{}"#, operatorStatus: 409, bad: [(#"{"now": true}"#, "now")]),
        ActionSpec(name: "resume", operatorBody: #"{}"#, operatorStatus: 409, bad: [(#"{"now": true}"#, "now")]),
        ActionSpec(name: "sync", operatorBody: #"{"enabled": false}"#, operatorStatus: 200, bad: [
            (#"{}"#, "enabled"), (#"{"enabled": "false"}"#, "enabled"), (#"{"enabled": 0}"#, "enabled"),
            (#"{"enabled": true, "count": 1}"#, "count"),
        ]),
    ]

    /// The digest for a node kind.
    static func digest(for kind: NodeKind) -> StateDigest {
        switch kind {
        case .database: databaseDigest
        case .balancer: balancerDigest
        default: appDigest
        }
    }

    /// App: the worker count and the autoscaler's settings.
    static let appDigest: StateDigest = { harness in
        let status = await harness.node.status()
        let a = status.autoscaler
        return "workers=\(status.workers?.count ?? -1) autoscaler=\(String(describing: a?.enabled)) \(String(describing: a?.min))…\(String(describing: a?.max)) "
            + "\(String(describing: a?.metric)) \(String(describing: a?.target)) \(String(describing: a?.scaleDownWindowSeconds))"
    }

    /// Database: role, fence, synchronous replication and the timeline.
    static let databaseDigest: StateDigest = { harness in
        let status = await harness.node.status()
        let r = status.replication
        return "role=\(status.role) fenced=\(String(describing: r?.fenced)) sync=\(String(describing: r?.synchronous)) timeline=\(r?.timeline ?? -1)"
    }
}

extension AdminActionSpecs {
    /// The balancer's actions, against its one backend at `backend`.
    static func balancer(backend: String) -> [ActionSpec] {
        [
            // Its only backend: a drain without force is refused (409) as unsafe.
            ActionSpec(name: "drain", operatorBody: #"{"backend": "\#(backend)", "force": true}"#, operatorStatus: 200, bad: [
                (#"{}"#, "backend"), (#"{"backend": 8101}"#, "backend"), (#"{"backend": ["\#(backend)"]}"#, "backend"),
                (#"{"backend": "\#(backend)", "now": true}"#, "now"), (#"{"backend": null}"#, "backend"),
                (#"{"backend": "\#(backend)", "force": "yes"}"#, "force"),
            ]),
            ActionSpec(name: "enable", operatorBody: #"{"backend": "\#(backend)"}"#, operatorStatus: 200, bad: [
                (#"{}"#, "backend"), (#"{"backend": true}"#, "backend"), (#"{"backends": "\#(backend)"}"#, "backends"),
            ]),
            ActionSpec(name: "weight", operatorBody: #"{"backend": "\#(backend)", "weight": 1}"#, operatorStatus: 200, bad: [
                (#"{"backend": "\#(backend)"}"#, "weight"), (#"{"backend": "\#(backend)", "weight": "5"}"#, "weight"),
                (#"{"backend": "\#(backend)", "weight": 1.5}"#, "weight"), (#"{"backend": "\#(backend)", "weight": -1}"#, "weight"),
                (#"{"backend": "\#(backend)", "weight": 1001}"#, "weight"), (#"{"weight": 5}"#, "backend"),
                (#"{"backend": "\#(backend)", "weight": 5, "x": 1}"#, "x"),
            ]),
            ActionSpec(name: "purge", operatorBody: #"{"prefix": "/static/"}"#, operatorStatus: 200, bad: [
                (#"{}"#, "prefix"), (#"{"prefix": 5}"#, "prefix"), (#"{"prefix": "static"}"#, "prefix"),
                (#"{"prefix": "/", "all": true}"#, "all"),
            ]),
        ]
    }

    /// Balancer: every backend's state and weight.
    static let balancerDigest: StateDigest = { harness in
        let status = await harness.node.status()
        return (status.backends ?? []).map { "\($0.address)=\($0.state.rawValue)/\($0.weight)" }.joined(separator: ",")
    }
}
