import Foundation

/// The `pair` field of a balancer's status when it runs as one of a pair (or more) behind a floating address that
/// keepalived moves (VRRP): the address, whether this balancer holds it now, whether an operator put it in standby,
/// its peers, and the operator state every balancer of the pair keeps the same (drained backends, weights).
public struct BalancerPairStatus: Codable, Sendable, Equatable {
    /// The floating (virtual) address, e.g. `10.213.0.50`.
    public var address: String
    /// Whether the address is on one of this balancer's network interfaces now (keepalived put it there).
    public var holder: Bool
    /// Whether an operator put this balancer in standby (`genetix standby`): `/readyz` then answers 503, keepalived's
    /// check fails and the address moves to a peer.
    public var standby: Bool
    /// The admin URLs of the other balancers of the pair.
    public var peers: [String]
    /// Backends drained by an operator (the same on every balancer of the pair).
    public var drained: [String]
    /// Weights set by an operator, by backend (the same on every balancer of the pair).
    public var weights: [String: Int]
    /// Where the operator state came from when this balancer started: `peer URL`, or why no peer gave it.
    public var stateFrom: String?

    public init(address: String, holder: Bool, standby: Bool, peers: [String], drained: [String] = [], weights: [String: Int] = [:],
                stateFrom: String? = nil) {
        self.address = address
        self.holder = holder
        self.standby = standby
        self.peers = peers
        self.drained = drained
        self.weights = weights
        self.stateFrom = stateFrom
    }
}
