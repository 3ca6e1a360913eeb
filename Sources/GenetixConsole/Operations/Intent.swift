/// How many workers a scale asks for: an absolute count or a change.
public enum ScaleTarget: Sendable, Hashable, CustomStringConvertible {
    /// Exactly this many workers (`genetix scale app-1 4`).
    case exactly(Int)
    /// This many more (positive) or fewer (negative) workers (`genetix scale app-1 +1`).
    case by(Int)

    /// The argument as the headless command takes it: `4`, `+1`, `-2`.
    public var description: String {
        switch self {
        case .exactly(let n): "\(n)"
        case .by(let k): k >= 0 ? "+\(k)" : "\(k)"
        }
    }

    /// Parses `4`, `+1` or `-2`.
    public init?(parsing text: String) {
        if text.hasPrefix("+") || text.hasPrefix("-") {
            guard let k = Int(text.dropFirst()), k > 0 else { return nil }
            self = .by(text.hasPrefix("-") ? -k : k)
        } else {
            guard let n = Int(text), n >= 0 else { return nil }
            self = .exactly(n)
        }
    }
}

/// Every action of the console that changes the cluster. Each one is also a headless command, and runs through the
/// same `ClusterOperations` code path.
public enum Intent: Sendable, Hashable {
    case scale(node: String, to: ScaleTarget)
    case autoscale(node: String, enabled: Bool)
    /// A rolling restart of every worker, or of one worker.
    case restart(node: String, worker: Int?)
    case drain(balancer: String, backend: String)
    case enable(balancer: String, backend: String)
    case promote(node: String, force: Bool)

    /// The node the action is sent to.
    public var node: String {
        switch self {
        case .scale(let node, _), .autoscale(let node, _), .restart(let node, _), .promote(let node, _): node
        case .drain(let balancer, _), .enable(let balancer, _): balancer
        }
    }

    /// A short title for dialogs and the timeline: `scale app-1 +1`.
    public var title: String {
        switch self {
        case .scale(let node, let target): "scale \(node) \(target)"
        case .autoscale(let node, let enabled): "autoscale \(node) \(enabled ? "on" : "off")"
        case .restart(let node, let worker): worker.map { "restart worker \($0) of \(node)" } ?? "rolling restart of \(node)"
        case .drain(let balancer, let backend): "drain \(backend) on \(balancer)"
        case .enable(let balancer, let backend): "enable \(backend) on \(balancer)"
        case .promote(let node, let force): force ? "force-promote \(node)" : "promote \(node)"
        }
    }

    /// The equivalent headless command, with `--yes` since the console has already confirmed it:
    /// `genetix promote db-2 --yes`.
    public var headlessCommand: String {
        switch self {
        case .scale(let node, let target): "genetix scale \(node) \(target) --yes"
        case .autoscale(let node, let enabled): "genetix autoscale \(node) \(enabled ? "on" : "off") --yes"
        case .restart(let node, let worker): "genetix restart \(node)\(worker.map { " \($0)" } ?? "") --yes"
        case .drain(let balancer, let backend): "genetix drain \(balancer) \(backend) --yes"
        case .enable(let balancer, let backend): "genetix enable \(balancer) \(backend) --yes"
        case .promote(let node, let force): "genetix promote \(node)\(force ? " --force" : "") --yes"
        }
    }
}
