import COpenSSL
import GenetixCrypto
import Glibc

/// One TLS connection over an already connected, non-blocking socket, driven by the event loop that owns the socket.
///
/// Not `Sendable`: an `SSL*` must be used by one thread at a time, and the owning event-loop thread is that thread.
/// The session never closes the file descriptor; the connection that owns the socket does.
///
/// After `.wantRead` or `.wantWrite`, retry the same call once the socket is ready (either way round: a read may
/// need the socket writable during a handshake message, a write may need it readable). A retried `write` must start
/// with the same unsent bytes; the buffer may move and may have grown. After `read` returns data, check `hasBufferedReadableBytes`: decrypted bytes
/// already inside OpenSSL produce no epoll event.
public final class TLSSession {
    private let ssl: OpaquePointer
    /// Keeps the `SSL_CTX` (and the ALPN callback's context pointer) alive for the session's lifetime.
    private let context: TLSContext
    private let peerName: String?
    /// Set after a fatal error: OpenSSL forbids SSL_shutdown then.
    private var failed = false

    /// Wraps `fd` in a new TLS session of `context`'s role.
    ///
    /// - Parameters:
    ///   - fd: a connected, non-blocking stream socket.
    ///   - isServer: true to accept (must match a `TLSContext.server` context), false to connect.
    ///   - serverName: clients only: the name for SNI and certificate verification; nil uses the configuration's.
    /// - Throws: `TLSError.roleMismatch`, `.invalidConfiguration` or `.openSSLFailure`.
    public init(context: TLSContext, fd: Int32, isServer: Bool, serverName: String?) throws(TLSError) {
        guard context.isServer == isServer else { throw .roleMismatch(contextIsServer: context.isServer) }
        ERR_clear_error()
        guard let ssl = SSL_new(context.handle) else {
            throw .openSSLFailure(call: "SSL_new", reason: OpenSSLErrorQueue.drain())
        }
        self.ssl = ssl
        self.context = context
        self.peerName = isServer ? nil : (serverName ?? context.configuration.serverName)
        guard SSL_set_fd(ssl, fd) == 1 else {
            throw .openSSLFailure(call: "SSL_set_fd(\(fd))", reason: OpenSSLErrorQueue.drain())
        }
        if isServer {
            SSL_set_accept_state(ssl)
        } else {
            try configureClientIdentity()
            SSL_set_connect_state(ssl)
        }
    }

    deinit { SSL_free(ssl) }

    /// Advances the handshake; `.done(0)` once it has completed.
    public func handshake() -> TLSIO {
        ERR_clear_error()
        errno = 0  // SSL_ERROR_SYSCALL reports through errno; never read a stale value
        let result = SSL_do_handshake(ssl)
        return result == 1 ? .done(0) : outcome(ofFailedCall: result)
    }

    /// Reads decrypted application data into `buffer`; `.done(n)` with n > 0, or `.closed` at the end of the stream.
    ///
    /// Runs (or finishes) the handshake first if it has not completed. An empty buffer returns `.done(0)`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) -> TLSIO {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return .done(0) }
        ERR_clear_error()
        var count = 0
        errno = 0
        let result = SSL_read_ex(ssl, base, buffer.count, &count)
        return result == 1 ? .done(count) : outcome(ofFailedCall: result)
    }

    /// Encrypts and sends up to `bytes.count` bytes; `.done(n)` may report fewer than offered (partial write).
    ///
    /// After `.wantWrite`/`.wantRead`, call again starting with the same unsent bytes. An empty buffer returns `.done(0)`.
    public func write(_ bytes: UnsafeRawBufferPointer) -> TLSIO {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return .done(0) }
        ERR_clear_error()
        var count = 0
        errno = 0
        let result = SSL_write_ex(ssl, base, bytes.count, &count)
        return result == 1 ? .done(count) : outcome(ofFailedCall: result)
    }

    /// Sends a close_notify alert if the socket accepts it now; never waits, never fails. Close the socket afterwards.
    public func shutdown() {
        guard !failed, SSL_is_init_finished(ssl) == 1 else { return }
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }

    /// The negotiated protocol ("TLSv1.3", "TLSv1.2") once the handshake has completed, else nil.
    public var negotiatedVersion: String? {
        guard SSL_is_init_finished(ssl) == 1, let version = SSL_get_version(ssl) else { return nil }
        return String(cString: version)
    }

    /// The ALPN protocol both sides agreed on (e.g. "http/1.1"), or nil if none was negotiated.
    public var negotiatedApplicationProtocol: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// The negotiated cipher suite name (e.g. "TLS_AES_256_GCM_SHA384") once the handshake has completed, else nil.
    public var negotiatedCipher: String? {
        guard SSL_is_init_finished(ssl) == 1, let cipher = SSL_get_current_cipher(ssl), let name = SSL_CIPHER_get_name(cipher) else {
            return nil
        }
        return String(cString: name)
    }

    /// Whether decrypted bytes are buffered inside OpenSSL: the loop must call `read` again without waiting for epoll.
    public var hasBufferedReadableBytes: Bool { SSL_pending(ssl) > 0 }

    /// Whether the handshake resumed an earlier session (from a session ticket) instead of running in full.
    public var isResumed: Bool { SSL_session_reused(ssl) == 1 }

    /// Whether the handshake has completed.
    public var isHandshakeComplete: Bool { SSL_is_init_finished(ssl) == 1 }

    private func configureClientIdentity() throws(TLSError) {
        guard let name = peerName, !name.isEmpty else {
            if context.configuration.verifyPeer {
                throw .invalidConfiguration("a verifying TLS client needs a server name (DNS name or IP address) to check the certificate against")
            }
            return
        }
        let isIPAddress = TLSAddressParser.isIPAddress(name)
        // SNI carries DNS names only (RFC 6066 §3).
        if !isIPAddress, shim_ssl_set_tlsext_host_name(ssl, name) != 1 {
            throw .openSSLFailure(call: "SSL_set_tlsext_host_name(\(name))", reason: OpenSSLErrorQueue.drain())
        }
        guard context.configuration.verifyPeer else { return }
        let parameters = SSL_get0_param(ssl)
        let status = isIPAddress ? X509_VERIFY_PARAM_set1_ip_asc(parameters, name) : X509_VERIFY_PARAM_set1_host(parameters, name, 0)
        guard status == 1 else {
            throw .invalidConfiguration("cannot verify the TLS server as \"\(name)\": \(OpenSSLErrorQueue.drain())")
        }
    }

    /// Maps the result of a failed SSL call (return value <= 0) to a `TLSIO`.
    private func outcome(ofFailedCall result: Int32) -> TLSIO {
        let savedErrno = errno
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ:
            return .wantRead
        case SSL_ERROR_WANT_WRITE:
            return .wantWrite
        case SSL_ERROR_ZERO_RETURN:
            return .closed
        case SSL_ERROR_SYSCALL:
            let queued = OpenSSLErrorQueue.drain(fallback: "")
            if queued.isEmpty && savedErrno == 0 { return .closed }
            failed = true
            if savedErrno == 0 { return .failed(classify(queued)) }
            return .failed(.socketFailed(errno: savedErrno, reason: String(cString: strerror(savedErrno))))
        default:
            failed = true
            return .failed(classify(OpenSSLErrorQueue.drain()))
        }
    }

    private func classify(_ reason: String) -> TLSError {
        let verification = SSL_get_verify_result(ssl)
        if verification != X509_V_OK, let text = X509_verify_cert_error_string(verification) {
            return .certificateVerificationFailed(peerName: peerName, reason: String(cString: text))
        }
        return SSL_is_init_finished(ssl) == 1 ? .connectionFailed(reason: reason) : .handshakeFailed(reason: reason)
    }
}

@available(*, unavailable, message: "a TLSSession belongs to the event-loop thread that owns its socket")
extension TLSSession: Sendable {}
