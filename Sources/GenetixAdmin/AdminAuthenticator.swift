import GenetixCrypto
import GenetixNet
import Synchronization

/// Decides who a request comes from and whether they may do what they ask: the network allowlist, then the bearer
/// token (compared in constant time), then the role.
public struct AdminAuthenticator: Sendable {
    private struct Entry: Sendable {
        let token: AdminToken
        let digest: [UInt8]
    }

    /// The tokens, shared by every copy of this value so a reload (SIGHUP) reaches all of them at once.
    private final class Entries: Sendable {
        let list: Mutex<[Entry]>
        init(_ entries: [Entry]) { list = Mutex(entries) }
    }

    private let entries: Entries
    private let allow: [CIDRBlock]

    public init(tokens: [AdminToken], allow: [CIDRBlock]) {
        entries = Entries(tokens.map { Entry(token: $0, digest: SHA256.hash(Array($0.secret.utf8))) })
        self.allow = allow
    }

    /// Replaces the accepted tokens (a rotated `--admin-tokens` file); requests in progress keep their verdict.
    public func replaceTokens(_ tokens: [AdminToken]) {
        let fresh = tokens.map { Entry(token: $0, digest: SHA256.hash(Array($0.secret.utf8))) }
        entries.list.withLock { $0 = fresh }
    }

    /// Whether the peer's address is inside the allowlist (always, when the list is empty).
    public func admits(_ remote: SocketAddress?) -> Bool {
        guard !allow.isEmpty else { return true }
        guard let host = remote?.host else { return false }
        return allow.contains { $0.contains(host) }
    }

    /// The refusal of a peer outside the allowlist.
    static func outsideAllowlist(_ request: HTTPRequest) -> AdminDenial {
        AdminDenial(status: 403, code: "forbidden_address",
                    message: "address \(request.remote?.host ?? "?") is not in this node's --admin-allow list")
    }

    /// The token of the request if it may act with `role`; otherwise the JSON error to answer.
    public func authorize(_ request: HTTPRequest, need role: AdminRole) -> Result<AdminToken, AdminDenial> {
        guard admits(request.remote) else { return .failure(Self.outsideAllowlist(request)) }
        guard let header = request.headers["Authorization"] else {
            return .failure(AdminDenial(status: 401, code: "unauthorized",
                                        message: "missing 'Authorization: Bearer TOKEN' (tokens come from the node's --admin-tokens file)"))
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].equalsIgnoringASCIICase("Bearer") else {
            return .failure(AdminDenial(status: 401, code: "unauthorized", message: "the Authorization header must be 'Bearer TOKEN'"))
        }
        let presented = SHA256.hash(Array(parts[1].utf8))
        var found: AdminToken?
        for entry in entries.list.withLock({ $0 }) where ConstantTime.equals(entry.digest, presented) { found = entry.token }
        guard let token = found else {
            return .failure(AdminDenial(status: 401, code: "unauthorized", message: "the token is not valid for this node"))
        }
        guard token.role >= role else {
            return .failure(AdminDenial(status: 403, code: "forbidden",
                                        message: "token '\(token.name)' has role \(token.role.rawValue); this needs \(role.rawValue)", actor: token.name))
        }
        return .success(token)
    }
}

/// A refused admin request: the status and JSON error to answer with.
public struct AdminDenial: Error, Sendable {
    public let status: Int
    public let code: String
    public let message: String
    /// The token's name when the token was valid but its role too weak.
    public let actor: String?

    public init(status: Int, code: String, message: String, actor: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.actor = actor
    }

    public var response: HTTPResponse {
        var r = HTTPResponse.error(status, code: code, message)
        if status == 401 { r.headers.add("WWW-Authenticate", "Bearer realm=\"genetix-admin\"") }
        return r
    }
}
