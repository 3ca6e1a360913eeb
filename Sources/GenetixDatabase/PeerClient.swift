import Foundation
import GenetixCore
import GenetixNet

/// Calls the other database agents' admin APIs (status, fence, unfence) with the operator token, to find and fence
/// the old primary during a switchover.
struct PeerClient: Sendable {
    let peers: [PeerAddress]
    let token: String?
    private let http: HTTPClient

    init(peers: [PeerAddress], token: String?) {
        self.peers = peers
        self.token = token
        http = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(2), maxIdlePerOrigin: 2))
    }

    /// A peer's reported state.
    struct PeerState: Sendable {
        let peer: PeerAddress
        let status: NodeStatus
    }

    /// The statuses of every peer that answers within `timeout`, asked in parallel.
    func statuses(timeout: Duration = .seconds(1)) async -> [PeerState] {
        await withTaskGroup(of: PeerState?.self) { group in
            for peer in peers {
                group.addTask {
                    guard let response = try? await self.send("GET", peer, "/admin/v1/status", body: nil, timeout: timeout),
                          response.status == 200,
                          let status = try? GenetixJSON.decode(NodeStatus.self, from: response.body) else { return nil }
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
        let response: HTTPClientResponse
        do {
            response = try await send("POST", peer, "/admin/v1/actions/\(name)", body: Array("{}".utf8), timeout: timeout)
        } catch {
            throw .connectFailed(target: "agent \(peer.name) (\(peer.adminURL))", message: error.description)
        }
        guard response.status == 200 else {
            throw .toolFailed(program: "\(name) on \(peer.name)", status: Int32(response.status), output: response.text)
        }
        return (try? JSONValue.parse(response.body)) ?? .null
    }

    private func send(_ method: String, _ peer: PeerAddress, _ path: String, body: [UInt8]?,
                      timeout: Duration) async throws(HTTPClientError) -> HTTPClientResponse {
        let url: HTTPURL
        do { url = try HTTPURL(parsing: peer.adminURL + path) } catch { throw .invalidURL("peer \(peer.name): \(error)") }
        var headers = HTTPHeaders()
        if let token { headers.add("Authorization", "Bearer \(token)") }
        if body != nil { headers.add("Content-Type", "application/json") }
        return try await http.execute(HTTPClientRequest(method: method, url: url, headers: headers, body: body ?? []), timeout: timeout)
    }
}
