/// What a TLS context loads and enforces: certificate and key files, trusted CAs, protocol versions and peer checks.
public struct TLSConfiguration: Sendable, Equatable {
    /// A TLS protocol version Genetix accepts; older versions are never negotiated.
    public enum ProtocolVersion: Int, Sendable, Comparable, CustomStringConvertible {
        /// TLS 1.2 (RFC 5246).
        case tls12 = 0x0303
        /// TLS 1.3 (RFC 8446).
        case tls13 = 0x0304

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String { self == .tls12 ? "TLSv1.2" : "TLSv1.3" }
    }

    /// PEM file holding the certificate chain, leaf first (required for servers, optional for clients).
    public var certificateChainPath: String?
    /// PEM file holding the unencrypted private key of the leaf certificate.
    public var privateKeyPath: String?
    /// PEM file of CA certificates trusted to sign the peer's certificate; nil uses the system trust store (clients).
    public var trustedCAFilePath: String?
    /// The lowest protocol version negotiated.
    public var minimumVersion: ProtocolVersion
    /// The highest protocol version negotiated.
    public var maximumVersion: ProtocolVersion
    /// Clients: verify the server's certificate chain and name. Servers do not verify client certificates.
    public var verifyPeer: Bool
    /// Clients: the name sent as SNI and checked against the certificate (a DNS name or an IP address).
    /// A session may override it per connection.
    public var serverName: String?
    /// ALPN protocol names in preference order (e.g. `["http/1.1"]`); empty disables ALPN.
    public var applicationProtocols: [String]

    /// Creates a configuration; defaults: TLS 1.2 to 1.3, peer verification on, no ALPN.
    public init(certificateChainPath: String? = nil, privateKeyPath: String? = nil, trustedCAFilePath: String? = nil,
                minimumVersion: ProtocolVersion = .tls12, maximumVersion: ProtocolVersion = .tls13,
                verifyPeer: Bool = true, serverName: String? = nil, applicationProtocols: [String] = []) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.trustedCAFilePath = trustedCAFilePath
        self.minimumVersion = minimumVersion
        self.maximumVersion = maximumVersion
        self.verifyPeer = verifyPeer
        self.serverName = serverName
        self.applicationProtocols = applicationProtocols
    }

    /// A server configuration presenting the certificate chain and key in the given PEM files.
    public static func server(certificateChainPath: String, privateKeyPath: String,
                              applicationProtocols: [String] = ["http/1.1"]) -> TLSConfiguration {
        TLSConfiguration(certificateChainPath: certificateChainPath, privateKeyPath: privateKeyPath,
                         applicationProtocols: applicationProtocols)
    }

    /// A client configuration verifying servers against `trustedCAFilePath` (or the system store when nil).
    public static func client(serverName: String? = nil, trustedCAFilePath: String? = nil, verifyPeer: Bool = true,
                              applicationProtocols: [String] = []) -> TLSConfiguration {
        TLSConfiguration(trustedCAFilePath: trustedCAFilePath, verifyPeer: verifyPeer, serverName: serverName,
                         applicationProtocols: applicationProtocols)
    }
}
