/// Node, title and headless command of the maintenance actions: balancer weight and cache purge; database fence,
/// unfence, follow, rejoin and synchronous replication; pause and resume of automatic failover.
extension ClusterAction {
    /// The configured node the action names, checked before anything is sent; nil for a `pause` or `resume` that
    /// goes to whichever database node answers first.
    public var namedNode: String? {
        switch self {
        case .pause(let via), .resume(let via): via
        default: node
        }
    }

    var maintenanceNode: String {
        switch self {
        case .weight(let b, _, _), .purge(let b, _), .standby(let b, _): b
        case .fence(let n), .unfence(let n, _), .follow(let n, _), .rejoin(let n, _, _), .sync(let n, _): n
        case .pause(let via), .resume(let via): via ?? "the database nodes"
        default: ""
        }
    }

    var maintenanceTitle: String {
        switch self {
        case .weight(let b, let backend, let w): "weight \(w) for \(backend) on \(b)"
        case .purge(let b, let prefix): "purge \(prefix)* from the cache of \(b)"
        case .fence(let n): "fence \(n)"
        case .unfence(let n, let force): "\(force ? "force-unfence" : "unfence") \(n)"
        case .follow(let n, let p): "\(n) follows \(p ?? "the current primary")"
        case .rejoin(let n, let p, let force): "\(n) rejoins as a replica of \(p ?? "the current primary")\(force ? " (forced)" : "")"
        case .sync(let n, let on): "synchronous replication \(on ? "on" : "off") on \(n)"
        case .pause: "pause automatic failover of the whole cluster"
        case .resume: "resume automatic failover of the whole cluster"
        case .standby(let b, true): "standby \(b): its floating address moves to a peer"
        case .standby(let b, false): "\(b) ready again (backup for the floating address)"
        default: ""
        }
    }

    var maintenanceCommand: String {
        switch self {
        case .weight(let b, let backend, let w): "genetix weight \(b) \(backend) \(w) --yes"
        case .purge(let b, let prefix): "genetix purge \(b) \(prefix) --yes"
        case .fence(let n): "genetix fence \(n) --yes"
        case .unfence(let n, let force): "genetix unfence \(n)\(force ? " --force" : "") --yes"
        case .follow(let n, let p): "genetix follow \(n)\(p.map { " --primary \($0)" } ?? "") --yes"
        case .rejoin(let n, let p, let force): "genetix rejoin \(n)\(p.map { " --primary \($0)" } ?? "")\(force ? " --force" : "") --yes"
        case .sync(let n, let on): "genetix sync \(n) \(on ? "on" : "off") --yes"
        case .pause(let via): "genetix pause\(via.map { " \($0)" } ?? "") --yes"
        case .resume(let via): "genetix resume\(via.map { " \($0)" } ?? "") --yes"
        case .standby(let b, let on): "genetix standby \(b) \(on ? "on" : "off") --yes"
        default: ""
        }
    }
}
