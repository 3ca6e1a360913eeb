import GenetixCore
import GenetixOperations

extension ConsoleController {
    /// The node a key acts on: the detail's node, else the overview's selection.
    var targetNode: NodeSnapshot? {
        if case .detail(let name) = state.screen { return snapshot.node(named: name) }
        return state.selectedNode.flatMap { snapshot.node(named: $0) }
    }

    /// The operations layer's action a key means for what is selected, or nil after flashing why there is none.
    mutating func action(for command: ConsoleCommand) -> ClusterAction? {
        let inDetail = if case .detail = state.screen { true } else { false }
        guard let node = targetNode else {
            flash("Select a node first.", .warn)
            return nil
        }
        let name = node.name
        func need(_ kind: NodeKind, _ what: String) -> Bool {
            if node.kind == kind { return true }
            let candidates = snapshot.nodes.filter { $0.kind == kind }.map(\.name).joined(separator: ", ")
            flash("\(name) is not \(kind == .app ? "an" : "a") \(kind.rawValue) node; \(what) (\(candidates)).", .warn)
            return false
        }
        let replication = node.status?.replication
        switch command {
        case .scaleUp, .scaleDown:
            guard need(.app, "select an app node to scale") else { return nil }
            return .scale(node: name, change: .by(command == .scaleUp ? 1 : -1))
        case .toggleAutoscale:
            guard need(.app, "select an app node") else { return nil }
            return .autoscale(node: name, setting: AutoscaleSetting(enabled: !(node.status?.autoscaler?.enabled ?? false)))
        case .rollingRestart:
            guard need(.app, "select an app node") else { return nil }
            if inDetail, let workers = node.status?.workers, state.detailRow < workers.count {
                return .restart(node: name, worker: workers[state.detailRow].id)
            }
            return .restart(node: name, worker: nil)
        case .drainBackend, .enableBackend:
            guard need(.balancer, "open a balancer and select a backend"), let backend = selectedBackend(of: node, verb: command == .drainBackend ? "drain" : "enable") else {
                return nil
            }
            return command == .drainBackend ? .drain(balancer: name, backend: backend) : .enable(balancer: name, backend: backend)
        case .promoteReplica:
            guard need(.database, "select a database replica") else { return nil }
            if replication?.role == "primary" {
                flash("\(name) is already the primary; select a replica to promote.", .warn)
                return nil
            }
            return .promote(node: name, force: false, rejoin: false)
        case .rejoinPrimary:
            guard need(.database, "open the old primary") else { return nil }
            return .rejoin(node: name, primary: primaryAddress(excluding: name))
        case .followPrimary:
            guard need(.database, "open a replica") else { return nil }
            return .follow(node: name, primary: primaryAddress(excluding: name))
        case .toggleSync:
            guard need(.database, "open the primary") else { return nil }
            return .sync(node: name, enabled: !(replication?.synchronous ?? false))
        case .fencePrimary:
            guard need(.database, "open the primary") else { return nil }
            return .fence(node: name)
        case .unfencePrimary:
            guard need(.database, "open the fenced primary") else { return nil }
            return .unfence(node: name)
        case .toggleStandby:
            guard need(.balancer, "select a balancer of the pair") else { return nil }
            return .standby(balancer: name, enabled: !(node.status?.pair?.standby ?? false))
        case .toggleFailover:
            guard need(.database, "open a database node") else { return nil }
            return node.status?.ha?.mode == "paused" ? .resume(via: name) : .pause(via: name)
        default:
            return nil
        }
    }

    /// `w` and `P` on a balancer's detail: the command line, filled in up to the value the operator types.
    mutating func askForArgument(_ command: ConsoleCommand) -> [ConsoleEffect] {
        guard let node = targetNode else { return [] }
        guard node.kind == .balancer else {
            flash("\(node.name) is not a balancer; open a balancer to \(command == .setWeight ? "set a weight" : "purge its cache").", .warn)
            return []
        }
        if let reason = state.readOnlyReason {
            flash("Read-only: \(reason).", .warn)
            return []
        }
        let text: String
        if command == .setWeight {
            guard let backend = selectedBackend(of: node, verb: "weigh") else { return [] }
            text = "weight \(node.name) \(backend) "
        } else {
            text = "purge \(node.name) /"
        }
        state.input = InputLine(purpose: .command, text: text, completions: commandLine.completions(for: text))
        return []
    }

    private mutating func selectedBackend(of node: NodeSnapshot, verb: String) -> String? {
        guard case .detail = state.screen, let backends = node.status?.backends, state.detailRow < backends.count else {
            flash("Open \(node.name) (Enter) and select a backend to \(verb).", .warn)
            return nil
        }
        return backends[state.detailRow].address
    }

    /// The PostgreSQL address of the writable primary other than `name`, as last polled; nil lets the operations
    /// layer find it.
    private func primaryAddress(excluding name: String) -> String? {
        snapshot.nodes.first {
            $0.kind == .database && $0.name != name && $0.status?.replication?.role == "primary" && $0.status?.replication?.fenced != true
        }?.status?.database?.listen
    }
}
