import Foundation
import GenetixAdmin
import GenetixCore
import GenetixNet
import Synchronization

/// One balancer of a pair (or more) behind a floating address that keepalived moves by VRRP. keepalived decides who
/// holds the address; this type only reports it (the address is on a local interface or not), answers for the
/// readiness keepalived's check script asks (`/readyz` is 503 in standby and until the shared state is copied), and
/// copies the operator state (drained backends, weights) from a peer when the balancer starts.
///
/// Keeping the pair's operator state the same is shared between two places: the operations commands (`genetix drain`,
/// `enable`, `weight`) send every decision to each balancer of the pair, and a balancer that starts copies the
/// decisions of the first peer that answers before it reports ready — so one that was down during a decision catches
/// up before keepalived can give it the address.
public final class BalancerPair: Sendable {
    /// The floating address, without a prefix length.
    public let address: String
    /// The peers' admin clients.
    public let peers: [AdminClient]
    private let standbyFlag = Atomic<Bool>(false)
    private let settled = Atomic<Bool>(false)
    private let origin = Mutex<String?>(nil)

    /// A pair member for `address` (`10.0.0.50` or `10.0.0.50/24`) whose peers' admin APIs are `peers`.
    public init(address: String, peers: [AdminClient]) {
        self.address = String(address.split(separator: "/").first ?? Substring(address))
        self.peers = peers
    }

    /// Whether an operator put this balancer in standby.
    public var standby: Bool { standbyFlag.load(ordering: .relaxed) }

    /// Puts the balancer in standby (its `/readyz` answers 503, so keepalived moves the address away) or out of it.
    public func setStandby(_ on: Bool) { standbyFlag.store(on, ordering: .relaxed) }

    /// Whether the peer state was copied (or every peer tried): until then the balancer does not report ready.
    public var isSettled: Bool { settled.load(ordering: .acquiring) }

    /// Whether the floating address is on one of this host's network interfaces now (where keepalived puts it). The
    /// loopback interface does not count: every balancer of a pair may keep the address there (docs/deploy.md), to
    /// answer the requests still arriving for it while the address moves.
    public var holdsAddress: Bool { Self.localAddresses().contains(address) }

    /// Copies the operator decisions of the first peer that answers into `backends`, then marks the pair settled.
    /// A peer that does not answer (or is not in a pair) is skipped; with none, the balancer keeps its saved state.
    public func adoptPeerState(into backends: BackendSet, logger: Logger?) async {
        defer { settled.store(true, ordering: .releasing) }
        var failures: [String] = []
        for client in peers {
            do {
                let status = try await client.status()
                guard let pair = status.pair else {
                    failures.append("\(status.name) reports no floating address (started without --floating-address?)")
                    continue
                }
                guard pair.address == address else {
                    failures.append("\(status.name) floats \(pair.address), not \(address)")
                    continue
                }
                backends.adoptOperatorDecisions(drained: Set(pair.drained), weights: pair.weights, actor: "peer \(status.name)")
                origin.withLock { $0 = "peer \(status.name)" }
                logger?.notice("copied the operator state of peer \(status.name): \(pair.drained.count) drained backends, \(pair.weights.count) weights")
                return
            } catch {
                failures.append("\(client.nodeName): \(error)")
            }
        }
        let why = peers.isEmpty ? "no peer configured (--pair-peer)" : "no peer answered (\(failures.joined(separator: "; ")))"
        origin.withLock { $0 = "own saved state: \(why)" }
        if !peers.isEmpty { logger?.warn("kept the saved operator state: \(why)") }
    }

    /// The `pair` field of the status.
    public func status(_ backends: BackendSet) -> BalancerPairStatus {
        let (drained, weights) = backends.operatorDecisions
        return BalancerPairStatus(address: address, holder: holdsAddress, standby: standby, peers: peers.map(\.baseURL.origin),
                                  drained: drained.sorted(), weights: weights, stateFrom: origin.withLock { $0 })
    }

    /// The IPv4 and IPv6 addresses on this host's (this network namespace's) interfaces, loopback ones left out.
    static func localAddresses() -> Set<String> {
        var head: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&head) == 0 else { return [] }
        defer { freeifaddrs(head) }
        var found: Set<String> = []
        var cursor = head
        while let entry = cursor {
            cursor = entry.pointee.ifa_next
            guard let socketAddress = entry.pointee.ifa_addr, entry.pointee.ifa_flags & UInt32(IFF_LOOPBACK) == 0 else { continue }
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
            switch Int32(socketAddress.pointee.sa_family) {
            case AF_INET:
                socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    var raw = sin.pointee.sin_addr
                    _ = inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
                }
            case AF_INET6:
                socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    var raw = sin6.pointee.sin6_addr
                    _ = inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
                }
            default: continue
            }
            found.insert(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return found
    }
}
