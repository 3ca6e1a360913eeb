import GenetixCore

/// A node the console watches: its name and kind, where its admin API is, and the bearer token to use.
public struct ConsoleNode: Sendable, Hashable, Codable {
    public var name: String
    public var kind: NodeKind
    /// The admin API's base URL, e.g. `http://127.0.0.1:7101`.
    public var admin: String
    /// The bearer token (operator for actions, viewer for watching only).
    public var token: String?
    /// A CA certificate (PEM) to trust for an `https` admin URL; nil uses the system's trust store.
    public var caFile: String?

    public init(name: String, kind: NodeKind, admin: String, token: String? = nil, caFile: String? = nil) {
        self.name = name
        self.kind = kind
        self.admin = admin
        self.token = token
        self.caFile = caFile
    }
}
