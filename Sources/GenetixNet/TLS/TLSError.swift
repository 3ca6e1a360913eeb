/// A TLS failure: a configuration that cannot be loaded, a handshake or connection the peer or we refused,
/// or a certificate that could not be generated or written.
public enum TLSError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The configuration is incomplete or contradictory (e.g. a server without a certificate).
    case invalidConfiguration(String)
    /// OpenSSL could not create a context or session object.
    case openSSLFailure(call: String, reason: String)
    /// The certificate chain file could not be read or parsed.
    case certificateLoadFailed(path: String, reason: String)
    /// The private key file could not be read or parsed.
    case privateKeyLoadFailed(path: String, reason: String)
    /// The private key does not belong to the certificate.
    case privateKeyMismatch(certificatePath: String, privateKeyPath: String, reason: String)
    /// The CA file used to verify peers could not be loaded.
    case trustedCertificatesLoadFailed(path: String, reason: String)
    /// A session was created with a context of the other role (a client context for a server session or vice versa).
    case roleMismatch(contextIsServer: Bool)
    /// The peer's certificate did not verify (untrusted issuer, expired, or the name does not match).
    case certificateVerificationFailed(peerName: String?, reason: String)
    /// The TLS handshake failed (no shared protocol version or cipher, malformed messages, alert from the peer).
    case handshakeFailed(reason: String)
    /// A TLS protocol error after the handshake (bad record MAC, unexpected message, alert from the peer).
    case connectionFailed(reason: String)
    /// The socket failed underneath TLS (e.g. ECONNRESET, EPIPE).
    case socketFailed(errno: Int32, reason: String)
    /// A subject alternative name is neither an IP address nor a valid DNS name.
    case invalidSubjectAltName(String)
    /// Generating a self-signed certificate failed at `step`.
    case certificateGenerationFailed(step: String, reason: String)
    /// Writing a certificate or key file failed.
    case fileWriteFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(message):
            return "invalid TLS configuration: \(message)"
        case let .openSSLFailure(call, reason):
            return "OpenSSL call \(call) failed: \(reason)"
        case let .certificateLoadFailed(path, reason):
            return "cannot load TLS certificate chain from \(path): \(reason); check the file exists, is readable and holds PEM certificates (leaf first)"
        case let .privateKeyLoadFailed(path, reason):
            return "cannot load TLS private key from \(path): \(reason); check the file exists, is readable and holds an unencrypted PEM private key"
        case let .privateKeyMismatch(certificatePath, privateKeyPath, reason):
            return "TLS private key \(privateKeyPath) does not match certificate \(certificatePath): \(reason); use the key the certificate was issued for"
        case let .trustedCertificatesLoadFailed(path, reason):
            return "cannot load trusted CA certificates from \(path): \(reason); check the file holds PEM certificates"
        case let .roleMismatch(contextIsServer):
            return contextIsServer
                ? "a server TLS context was used for a client connection: create the client's context with TLSContext.client"
                : "a client TLS context was used for a server connection: create the server's context with TLSContext.server"
        case let .certificateVerificationFailed(peerName, reason):
            let peer = peerName.map { " for \($0)" } ?? ""
            return "TLS certificate verification failed\(peer): \(reason); check the peer's certificate names this host and is signed by a trusted CA (--ca-file)"
        case let .handshakeFailed(reason):
            return "TLS handshake failed: \(reason)"
        case let .connectionFailed(reason):
            return "TLS connection failed: \(reason)"
        case let .socketFailed(errno, reason):
            return "socket error under TLS (errno \(errno)): \(reason)"
        case let .invalidSubjectAltName(name):
            return "invalid certificate host name \"\(name)\": give a DNS name (letters, digits, '-', '.', optional leading '*.') or an IPv4/IPv6 address"
        case let .certificateGenerationFailed(step, reason):
            return "generating the self-signed certificate failed while trying to \(step): \(reason)"
        case let .fileWriteFailed(path, reason):
            return "cannot write \(path): \(reason); check the directory exists and is writable"
        }
    }
}
