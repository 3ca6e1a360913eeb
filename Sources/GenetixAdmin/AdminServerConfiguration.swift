import Foundation
import GenetixCore
import GenetixNet

/// How a node's admin API listens and whom it lets in.
public struct AdminServerConfiguration: Sendable {
    /// The node's name, e.g. `app-1`.
    public var name: String
    public var kind: NodeKind
    /// `--admin-listen`; port 0 picks a free one.
    public var listen: SocketAddress
    /// `--admin-tokens`: who may read (viewer) and act (operator).
    public var tokens: [AdminToken]
    /// `--admin-allow`: networks allowed to connect; empty allows every address.
    public var allow: [CIDRBlock]
    /// TLS for the admin port.
    public var tls: TLSContext?
    /// When the node started.
    public var startedAt: Date
    /// The directory whose disk space the host figures report (the node's data directory).
    public var dataDirectory: String?
    /// The node's persisted operator decisions, shown as `savedState` in the status.
    public var stateFile: NodeStateFile?

    public init(name: String, kind: NodeKind, listen: SocketAddress, tokens: [AdminToken], allow: [CIDRBlock] = [],
                tls: TLSContext? = nil, startedAt: Date = Date(), dataDirectory: String? = nil, stateFile: NodeStateFile? = nil) {
        self.stateFile = stateFile
        self.name = name
        self.kind = kind
        self.listen = listen
        self.tokens = tokens
        self.allow = allow
        self.tls = tls
        self.startedAt = startedAt
        self.dataDirectory = dataDirectory
    }
}
