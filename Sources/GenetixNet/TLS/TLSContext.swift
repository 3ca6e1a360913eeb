import COpenSSL
import GenetixCrypto
import Glibc

/// A configured OpenSSL `SSL_CTX`: the certificate, key, trust store, protocol versions and ciphers shared by
/// every TLS session of one listener (server) or one upstream kind (client).
///
/// `@unchecked Sendable` is safe because the `SSL_CTX` is fully configured inside the factory methods and never
/// mutated afterwards; OpenSSL documents a configured `SSL_CTX` as safe to share between threads creating `SSL`
/// objects (its reference counts and session cache are internally locked).
public final class TLSContext: @unchecked Sendable {
    /// The underlying `SSL_CTX*`.
    let handle: OpaquePointer
    /// Whether sessions of this context accept (server) or connect (client).
    public let isServer: Bool
    /// The configuration the context was built from.
    public let configuration: TLSConfiguration
    /// ALPN protocols in wire format (each name prefixed by its length), kept alive for OpenSSL.
    let alpnWireFormat: UnsafeMutableBufferPointer<UInt8>?

    /// The TLS 1.2 cipher list: forward-secret AEAD suites only. TLS 1.3 suites are all AEAD and stay at OpenSSL's defaults.
    static let tls12CipherList = "ECDHE+AESGCM:ECDHE+CHACHA20"

    /// Builds a server context presenting `configuration`'s certificate chain and private key.
    ///
    /// - Throws: `TLSError` naming the file that could not be loaded and OpenSSL's reason.
    public static func server(_ configuration: TLSConfiguration) throws(TLSError) -> TLSContext {
        guard let certificatePath = configuration.certificateChainPath, let keyPath = configuration.privateKeyPath else {
            throw .invalidConfiguration("a TLS server needs both a certificate chain file and a private key file (generate a pair with `genetix cert --out DIR`)")
        }
        let context = try TLSContext(isServer: true, configuration: configuration)
        try context.loadIdentity(certificatePath: certificatePath, keyPath: keyPath)
        _ = shim_ssl_ctx_set_options(context.handle, UInt(shim_ssl_op_cipher_server_preference()))
        SSL_CTX_set_verify(context.handle, SSL_VERIFY_NONE, nil)
        // Resumption from session tickets alone (TLS 1.3 and 1.2); no server-side session store to fill and flush.
        _ = shim_ssl_ctx_use_tickets_only(context.handle)
        if context.alpnWireFormat != nil {
            // Unretained is safe: every SSL of this SSL_CTX belongs to a TLSSession that holds this context strongly.
            SSL_CTX_set_alpn_select_cb(context.handle, selectApplicationProtocol, Unmanaged.passUnretained(context).toOpaque())
        }
        return context
    }

    /// Builds a client context verifying servers (unless `verifyPeer` is false) against the configured CA file
    /// or the system trust store.
    ///
    /// - Throws: `TLSError` naming the file that could not be loaded and OpenSSL's reason.
    public static func client(_ configuration: TLSConfiguration) throws(TLSError) -> TLSContext {
        let context = try TLSContext(isServer: false, configuration: configuration)
        if let certificatePath = configuration.certificateChainPath, let keyPath = configuration.privateKeyPath {
            try context.loadIdentity(certificatePath: certificatePath, keyPath: keyPath)
        }
        if configuration.verifyPeer {
            if let caPath = configuration.trustedCAFilePath {
                try requireReadable(caPath) { .trustedCertificatesLoadFailed(path: caPath, reason: $0) }
                guard SSL_CTX_load_verify_locations(context.handle, caPath, nil) == 1 else {
                    throw .trustedCertificatesLoadFailed(path: caPath, reason: OpenSSLErrorQueue.drain())
                }
            } else if SSL_CTX_set_default_verify_paths(context.handle) != 1 {
                throw .trustedCertificatesLoadFailed(path: "(system trust store)", reason: OpenSSLErrorQueue.drain())
            }
            SSL_CTX_set_verify(context.handle, SSL_VERIFY_PEER, nil)
        } else {
            SSL_CTX_set_verify(context.handle, SSL_VERIFY_NONE, nil)
        }
        if let alpn = context.alpnWireFormat {
            // SSL_CTX_set_alpn_protos returns 0 on success.
            guard SSL_CTX_set_alpn_protos(context.handle, alpn.baseAddress, UInt32(alpn.count)) == 0 else {
                throw .openSSLFailure(call: "SSL_CTX_set_alpn_protos", reason: OpenSSLErrorQueue.drain())
            }
        }
        return context
    }

    /// Wraps an already configured `SSL_CTX` (taking ownership); for tests that need settings Genetix refuses.
    init(adopting handle: OpaquePointer, isServer: Bool, configuration: TLSConfiguration = TLSConfiguration()) {
        self.handle = handle
        self.isServer = isServer
        self.configuration = configuration
        self.alpnWireFormat = nil
    }

    private init(isServer: Bool, configuration: TLSConfiguration) throws(TLSError) {
        guard configuration.minimumVersion <= configuration.maximumVersion else {
            throw .invalidConfiguration("minimum TLS version \(configuration.minimumVersion) is above maximum \(configuration.maximumVersion)")
        }
        let alpnWireFormat = try Self.encodeALPN(configuration.applicationProtocols)
        ERR_clear_error()
        guard let handle = SSL_CTX_new(isServer ? TLS_server_method() : TLS_client_method()) else {
            alpnWireFormat?.deallocate()
            throw .openSSLFailure(call: "SSL_CTX_new", reason: OpenSSLErrorQueue.drain())
        }
        // Fully initialized from here on: a later throw runs deinit, which frees both.
        self.handle = handle
        self.isServer = isServer
        self.configuration = configuration
        self.alpnWireFormat = alpnWireFormat

        guard shim_ssl_ctx_set_min_proto(handle, Int32(configuration.minimumVersion.rawValue)) == 1,
              shim_ssl_ctx_set_max_proto(handle, Int32(configuration.maximumVersion.rawValue)) == 1 else {
            throw .openSSLFailure(call: "SSL_CTX_set_min/max_proto_version", reason: OpenSSLErrorQueue.drain())
        }
        let options = shim_ssl_op_no_renegotiation() | shim_ssl_op_no_compression() | shim_ssl_op_ignore_unexpected_eof()
        _ = shim_ssl_ctx_set_options(handle, UInt(options))
        _ = shim_ssl_ctx_set_mode(handle, Int(SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS))
        guard SSL_CTX_set_cipher_list(handle, Self.tls12CipherList) == 1 else {
            throw .openSSLFailure(call: "SSL_CTX_set_cipher_list(\(Self.tls12CipherList))", reason: OpenSSLErrorQueue.drain())
        }
    }

    /// Sessions held in OpenSSL's server-side session store: 0 for a server context, which resumes from tickets only.
    var storedSessionCount: Int { shim_ssl_ctx_sessions_stored(handle) }

    deinit {
        SSL_CTX_free(handle)
        alpnWireFormat?.deallocate()
    }

    private func loadIdentity(certificatePath: String, keyPath: String) throws(TLSError) {
        try Self.requireReadable(certificatePath) { .certificateLoadFailed(path: certificatePath, reason: $0) }
        try Self.requireReadable(keyPath) { .privateKeyLoadFailed(path: keyPath, reason: $0) }
        ERR_clear_error()
        guard SSL_CTX_use_certificate_chain_file(handle, certificatePath) == 1 else {
            throw .certificateLoadFailed(path: certificatePath, reason: OpenSSLErrorQueue.drain())
        }
        guard SSL_CTX_use_PrivateKey_file(handle, keyPath, SSL_FILETYPE_PEM) == 1 else {
            // OpenSSL compares the key with the certificate while loading it.
            let isMismatch = ERR_GET_LIB(ERR_peek_last_error()) == ERR_LIB_X509
                && ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH
            let reason = OpenSSLErrorQueue.drain()
            if isMismatch {
                throw .privateKeyMismatch(certificatePath: certificatePath, privateKeyPath: keyPath, reason: reason)
            }
            throw .privateKeyLoadFailed(path: keyPath, reason: reason)
        }
        guard SSL_CTX_check_private_key(handle) == 1 else {
            throw .privateKeyMismatch(certificatePath: certificatePath, privateKeyPath: keyPath, reason: OpenSSLErrorQueue.drain())
        }
    }

    /// Fails early with the system's reason when a file is missing or unreadable; OpenSSL's own message is vaguer.
    private static func requireReadable(_ path: String, _ error: (String) -> TLSError) throws(TLSError) {
        guard access(path, R_OK) == 0 else {
            throw error(String(cString: strerror(errno)))
        }
    }

    private static func encodeALPN(_ protocols: [String]) throws(TLSError) -> UnsafeMutableBufferPointer<UInt8>? {
        guard !protocols.isEmpty else { return nil }
        var bytes: [UInt8] = []
        for name in protocols {
            let utf8 = Array(name.utf8)
            guard (1...255).contains(utf8.count) else {
                throw .invalidConfiguration("ALPN protocol name \"\(name)\" must be 1 to 255 bytes long")
            }
            bytes.append(UInt8(utf8.count))
            bytes.append(contentsOf: utf8)
        }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = buffer.initialize(from: bytes)
        return buffer
    }
}

/// Server ALPN selection: the first protocol in our list that the client also offers; no ALPN in the reply otherwise.
/// `argument` is the unretained `TLSContext` owning the server's list.
private func selectApplicationProtocol(
    ssl: OpaquePointer?, out: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, outLength: UnsafeMutablePointer<UInt8>?,
    clientList: UnsafePointer<UInt8>?, clientLength: UInt32, argument: UnsafeMutableRawPointer?
) -> Int32 {
    guard let out, let outLength, let clientList, let argument else { return SSL_TLSEXT_ERR_NOACK }
    let context = Unmanaged<TLSContext>.fromOpaque(argument).takeUnretainedValue()
    guard let serverList = context.alpnWireFormat else { return SSL_TLSEXT_ERR_NOACK }
    var selected: UnsafeMutablePointer<UInt8>?
    var selectedLength: UInt8 = 0
    let result = SSL_select_next_proto(&selected, &selectedLength, serverList.baseAddress, UInt32(serverList.count),
                                       clientList, clientLength)
    guard result == OPENSSL_NPN_NEGOTIATED, let selected else { return SSL_TLSEXT_ERR_NOACK }
    out.pointee = UnsafePointer(selected)
    outLength.pointee = selectedLength
    return SSL_TLSEXT_ERR_OK
}
