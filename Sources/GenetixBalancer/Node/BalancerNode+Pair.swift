import GenetixAdmin
import GenetixCore

/// The `standby` action of a balancer in a pair: `/readyz` answers 503 while it is on, so keepalived's check script
/// fails and the floating address moves to a peer (planned maintenance); off, the balancer is ready again and, with
/// keepalived's `nopreempt`, waits as backup without taking the address back.
extension BalancerNode {
    var pairActions: [AdminAction] {
        guard let pair else { return [] }
        let balancer = self.balancer
        return [
            AdminAction(name: "standby", summary: "Answer /readyz with 503 (enabled true) so keepalived moves the floating address to a peer; false makes the balancer ready again (it then waits as backup).",
                        bodySchema: .object([
                            "type": .string("object"), "required": .array([.string("enabled")]),
                            "properties": .object(["enabled": .object(["type": .string("boolean")])]),
                        ])) { context throws(ActionError) in
                let body = try ActionBody(context.body, allowed: ["enabled"])
                let enabled = try body.require("enabled", body.bool)
                let was = pair.standby
                pair.setStandby(enabled)
                if was != enabled {
                    balancer.events?.emit(type: enabled ? "balancer.standby" : "balancer.ready",
                                          message: "\(balancer.configuration.name) \(enabled ? "in standby: the floating address \(pair.address) moves to a peer" : "ready again (backup for \(pair.address))") by \(context.actor)",
                                          actor: context.actor, target: pair.address)
                }
                return .object(["standby": .bool(enabled), "address": .string(pair.address), "holder": .bool(pair.holdsAddress)])
            },
        ]
    }
}
