import GenetixAdmin
import GenetixCore

/// The balancer's operator decisions kept across restarts: each backend's `drained` (from `drain` / `enable`) and
/// `weight`, as `backend ADDR drained` and `backend ADDR weight` in the node's `NodeStateFile`. Saved decisions apply
/// to backends by address, so a discovered worker that comes back after the restart gets them too.
public enum BalancerSavedState {
    /// Applies the saved decisions to `backends` and saves every later one.
    public static func attach(_ file: NodeStateFile, to backends: BackendSet) {
        var drained: Set<String> = []
        var weights: [String: Int] = [:]
        for (key, value) in file.savedSettings {
            let parts = key.split(separator: " ")
            guard parts.count == 3, parts[0] == "backend" else { continue }
            let address = String(parts[1])
            switch (parts[2], value) {
            case ("drained", .bool(true)): drained.insert(address)
            case ("weight", _): if let weight = value.intValue, (0...1000).contains(weight) { weights[address] = weight }
            default: break
            }
        }
        backends.restoreOperatorDecisions(drained: drained, weights: weights)
        backends.setDecisionObserver { decision in
            var values: [String: JSONValue] = [:]
            if let isDrained = decision.drained { values["backend \(decision.backend) drained"] = .bool(isDrained) }
            if let weight = decision.weight { values["backend \(decision.backend) weight"] = .number(Double(weight)) }
            file.record(values, actor: decision.actor)
        }
    }
}
