import Foundation
import GenetixAdmin
import GenetixCore
import GenetixNet

/// Calls the other database agents' admin APIs (status, fence, unfence) through `AdminClient` with the operator
/// token, to find and fence the old primary during a switchover. `https://` peers are verified against `caFile`
/// (`--peer-ca`), or the system's trusted CAs when none is given.
struct PeerClient: Sendable {
    let peers: [PeerAddress]
    let token: String?
    /// The HTTP client for `https://` peers (nil when no peer uses https).
    private let tlsHTTP: HTTPClient?

    init(peers: [PeerAddress], token: String?, caFile: String? = nil) throws(DatabaseError) {
        self.peers = peers
        self.token = token
        if peers.contains(where: { $0.adminURL.hasPrefix("https://") }) {
            do {
                let tls = try TLSContext.client(.client(trustedCAFilePath: caFile))
                tlsHTTP = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(3), maxIdlePerOrigin: 4, tls: tls))
            } catch {
                throw .invalidSetting("cannot set up TLS for the https peers with CA file \(caFile ?? "(system store)"): \(error)")
            }
        } else {
            tlsHTTP = nil
        }
    }

    /// A peer's reported state.
    struct PeerState: Sendable {
        let peer: PeerAddress
        let status: NodeStatus
    }

    private func client(_ peer: PeerAddress, timeout: Duration) throws(DatabaseError) -> AdminClient {
        let http = peer.adminURL.hasPrefix("https://") ? (tlsHTTP ?? AdminClient.sharedHTTP) : AdminClient.sharedHTTP
        do { return try AdminClient(url: peer.adminURL, token: token, nodeName: peer.name, timeout: timeout, http: http) } catch {
            throw .invalidSetting("peer \(peer.name): \(peer.adminURL) is not a usable URL (\(error))")
        }
    }

    /// The statuses of every peer that answers within `timeout`, asked in parallel.
    func statuses(timeout: Duration = .seconds(1)) async -> [PeerState] {
        await withTaskGroup(of: PeerState?.self) { group in
            for peer in peers {
                group.addTask {
                    guard let client = try? self.client(peer, timeout: timeout),
                          let status = try? await client.status() else { return nil }
                    return PeerState(peer: peer, status: status)
                }
            }
            var found: [PeerState] = []
            for await state in group { if let state { found.append(state) } }
            return found.sorted { $0.peer.name < $1.peer.name }
        }
    }

    /// The reachable peer that reports itself the writable primary (role primary, not fenced), if any.
    func findPrimary() async -> PeerState? {
        await statuses().first { $0.status.role == "primary" && $0.status.replication?.fenced != true }
    }

    /// Runs `fence` on `peer` and returns the WAL position it reports as final.
    func fence(_ peer: PeerAddress) async throws(DatabaseError) -> WALPosition {
        let result = try await action("fence", on: peer, timeout: .seconds(10))
        guard let text = result["lsn"]?.stringValue, let lsn = WALPosition(text) else {
            throw .toolFailed(program: "fence on \(peer.name)", status: 0, output: "the answer carried no lsn: \(result)")
        }
        return lsn
    }

    /// Runs `unfence` on `peer` (undoing a fence after a failed switchover).
    func unfence(_ peer: PeerAddress) async throws(DatabaseError) {
        _ = try await action("unfence", on: peer, timeout: .seconds(5))
    }

    private func action(_ name: String, on peer: PeerAddress, timeout: Duration) async throws(DatabaseError) -> JSONValue {
        let admin = try client(peer, timeout: timeout)
        do { return try await admin.action(name, timeout: timeout) } catch {
            throw .peerUnreachable(target: "agent \(peer.name) (\(peer.adminURL))", message: error.description)
        }
    }
}
