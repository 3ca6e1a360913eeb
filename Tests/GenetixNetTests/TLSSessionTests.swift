import Foundation
import Glibc
import Testing
import COpenSSL
@testable import GenetixNet

/// Server and client `TLSSession`s talking over a real socket pair, driven like the event loop drives them.
@Suite struct TLSSessionTests {
    /// A connected client/server pair of sessions over a socket pair; `close()` frees everything.
    final class Connection {
        let files: TLSTestHarness.CertificateFiles
        let clientFD: Int32
        let serverFD: Int32
        let client: TLSSession
        let server: TLSSession

        init(client clientConfiguration: (TLSTestHarness.CertificateFiles) -> TLSConfiguration,
             clientContext: TLSContext? = nil, serverName: String? = "localhost",
             server serverConfiguration: ((TLSTestHarness.CertificateFiles) -> TLSConfiguration)? = nil) throws {
            files = try TLSTestHarness.CertificateFiles()
            (clientFD, serverFD) = try TLSTestHarness.socketPair()
            let serverContext = try TLSContext.server(serverConfiguration?(files) ?? files.serverConfiguration)
            let context = try clientContext ?? TLSContext.client(clientConfiguration(files))
            client = try TLSSession(context: context, fd: clientFD, isServer: false, serverName: serverName)
            server = try TLSSession(context: serverContext, fd: serverFD, isServer: true, serverName: nil)
        }

        func handshake() throws -> (client: TLSIO, server: TLSIO) {
            try TLSTestHarness.handshake(client: client, clientFD: clientFD, server: server, serverFD: serverFD)
        }

        deinit {
            close(clientFD)
            close(serverFD)
            files.remove()
        }
    }

    static func trustingClient(_ files: TLSTestHarness.CertificateFiles) -> TLSConfiguration {
        .client(trustedCAFilePath: files.certificatePath)
    }

    @Test func handshakeNegotiatesTLS13ByDefault() throws {
        let connection = try Connection(client: Self.trustingClient)
        #expect(connection.client.negotiatedVersion == nil)
        let (client, server) = try connection.handshake()
        #expect(client == .done(0))
        #expect(server == .done(0))
        #expect(connection.client.negotiatedVersion == "TLSv1.3")
        #expect(connection.server.negotiatedVersion == "TLSv1.3")
        #expect(connection.server.isHandshakeComplete)
    }

    @Test func tls12UsesOnlyForwardSecretAEADCiphers() throws {
        let connection = try Connection { files in
            var configuration = Self.trustingClient(files)
            configuration.maximumVersion = .tls12
            return configuration
        }
        let (client, server) = try connection.handshake()
        #expect(client == .done(0) && server == .done(0))
        #expect(connection.server.negotiatedVersion == "TLSv1.2")
        let cipher = try #require(connection.server.negotiatedCipher)
        #expect(cipher.hasPrefix("ECDHE-ECDSA-"))
        #expect(cipher.contains("GCM") || cipher.contains("CHACHA20"))
    }

    @Test func echoesOneMebibyteInBothDirections() throws {
        let connection = try Connection(client: Self.trustingClient)
        _ = try connection.handshake()
        let payload = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
        var sent = 0
        var echoedBack: [UInt8] = []
        var pendingEcho: [UInt8] = []
        var serverEchoed = 0
        var readBuffer = [UInt8](repeating: 0, count: 16 * 1024)
        let client = connection.client
        let server = connection.server

        let clientParty = TLSTestHarness.Party(fd: connection.clientFD) {
            var events: Int16 = 0
            var progressed = false
            if sent < payload.count {
                let outcome = payload.withUnsafeBytes { client.write(UnsafeRawBufferPointer(rebasing: $0[sent...])) }
                if case .done(let count) = outcome { sent += count; progressed = true } else {
                    events |= try TLSTestHarness.waitEvents(outcome, during: "client write")
                }
            }
            repeat {
                let outcome = readBuffer.withUnsafeMutableBytes { client.read(into: $0) }
                if case .done(let count) = outcome {
                    echoedBack.append(contentsOf: readBuffer[0..<count]); progressed = true
                } else {
                    events |= try TLSTestHarness.waitEvents(outcome, during: "client read")
                    break
                }
            } while client.hasBufferedReadableBytes
            if echoedBack.count == payload.count { return .finished }
            return progressed ? .progressed : .waiting(events)
        }
        let serverParty = TLSTestHarness.Party(fd: connection.serverFD) {
            var events: Int16 = 0
            var progressed = false
            let outcome = readBuffer.withUnsafeMutableBytes { server.read(into: $0) }
            if case .done(let count) = outcome { pendingEcho.append(contentsOf: readBuffer[0..<count]); progressed = true } else {
                events |= try TLSTestHarness.waitEvents(outcome, during: "server read")
            }
            if !pendingEcho.isEmpty {
                let written = pendingEcho.withUnsafeBytes { server.write($0) }
                if case .done(let count) = written {
                    pendingEcho.removeFirst(count); serverEchoed += count; progressed = true
                } else {
                    events |= try TLSTestHarness.waitEvents(written, during: "server write")
                }
            }
            if serverEchoed == payload.count { return .finished }
            return progressed ? .progressed : .waiting(events)
        }
        try TLSTestHarness.pump([clientParty, serverParty])
        #expect(sent == payload.count)
        #expect(echoedBack.count == payload.count)
        #expect(echoedBack == payload)
    }

    @Test func closeNotifyAndBareEOFBothReadAsClosed() throws {
        let connection = try Connection(client: Self.trustingClient)
        _ = try connection.handshake()
        connection.client.shutdown()
        var buffer = [UInt8](repeating: 0, count: 64)
        var outcome = TLSIO.wantRead
        try TLSTestHarness.pump([TLSTestHarness.Party(fd: connection.serverFD) {
            outcome = buffer.withUnsafeMutableBytes { connection.server.read(into: $0) }
            return outcome == .wantRead ? .waiting(Int16(POLLIN)) : .finished
        }])
        #expect(outcome == .closed)

        let second = try Connection(client: Self.trustingClient)
        _ = try second.handshake()
        Glibc.shutdown(second.clientFD, Int32(SHUT_WR))
        try TLSTestHarness.pump([TLSTestHarness.Party(fd: second.serverFD) {
            outcome = buffer.withUnsafeMutableBytes { second.server.read(into: $0) }
            return outcome == .wantRead ? .waiting(Int16(POLLIN)) : .finished
        }])
        #expect(outcome == .closed)
    }

    @Test func peerResetIsASocketFailure() throws {
        let connection = try Connection(client: Self.trustingClient)
        _ = try connection.handshake()
        let data = [UInt8](repeating: 7, count: 100)
        #expect(data.withUnsafeBytes { connection.client.write($0) } == .done(100))
        // Closing a Unix socket with unread data resets the peer. dup2 keeps the fd number owned until deinit.
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        #expect(dup2(devNull, connection.serverFD) == connection.serverFD)
        close(devNull)
        var buffer = [UInt8](repeating: 0, count: 64)
        let outcome = buffer.withUnsafeMutableBytes { connection.client.read(into: $0) }
        #expect(outcome == .failed(.socketFailed(errno: ECONNRESET, reason: String(cString: strerror(ECONNRESET)))))
    }

    @Test func serverRefusesAClientLimitedToTLS11() throws {
        // A deliberately weak client Genetix itself would never build: TLS 1.1 at most, security level 0.
        let weak = try #require(SSL_CTX_new(TLS_client_method()))
        SSL_CTX_set_security_level(weak, 0)
        #expect(shim_ssl_ctx_set_max_proto(weak, shim_tls1_1_version()) == 1)
        #expect(SSL_CTX_set_cipher_list(weak, "DEFAULT:@SECLEVEL=0") == 1)
        let weakContext = TLSContext(adopting: weak, isServer: false, configuration: TLSConfiguration(verifyPeer: false))
        let connection = try Connection(client: { _ in TLSConfiguration() }, clientContext: weakContext)
        let (client, server) = try connection.handshake()
        guard case .failed(.handshakeFailed(let serverReason)) = server else {
            Issue.record("server handshake should refuse TLS 1.1, got \(server)")
            return
        }
        #expect(serverReason.contains("unsupported protocol"))
        guard case .failed = client else {
            Issue.record("TLS 1.1 client handshake should fail, got \(client)")
            return
        }
        #expect(connection.server.negotiatedVersion == nil)
    }

    @Test func wrongHostNameFailsVerification() throws {
        let connection = try Connection(client: Self.trustingClient, serverName: "wrong.example")
        let (client, server) = try connection.handshake()
        guard case .failed(.certificateVerificationFailed(let peer, let reason)) = client else {
            Issue.record("client should reject the certificate for wrong.example, got \(client)")
            return
        }
        #expect(peer == "wrong.example")
        #expect(reason.contains("hostname mismatch"))
        guard case .failed = server else {
            Issue.record("server should see the client's alert, got \(server)")
            return
        }
    }

    @Test(arguments: ["localhost", "127.0.0.1", "::1"])
    func everyDefaultNameVerifies(name: String) throws {
        let connection = try Connection(client: Self.trustingClient, serverName: name)
        let (client, server) = try connection.handshake()
        #expect(client == .done(0))
        #expect(server == .done(0))
    }

    @Test func wrongIPAddressFailsVerification() throws {
        let connection = try Connection(client: Self.trustingClient, serverName: "10.1.2.3")
        let (client, _) = try connection.handshake()
        guard case .failed(.certificateVerificationFailed(_, let reason)) = client else {
            Issue.record("client should reject the certificate for 10.1.2.3, got \(client)")
            return
        }
        #expect(reason.contains("IP address mismatch"))
    }

    @Test func untrustedIssuerFailsVerificationUnlessVerificationIsOff() throws {
        let otherCA = try TLSTestHarness.CertificateFiles()
        defer { otherCA.remove() }
        let connection = try Connection { _ in .client(trustedCAFilePath: otherCA.certificatePath) }
        let (client, _) = try connection.handshake()
        guard case .failed(.certificateVerificationFailed(_, let reason)) = client else {
            Issue.record("client should reject a certificate from an untrusted issuer, got \(client)")
            return
        }
        #expect(reason.contains("self-signed") || reason.contains("self signed"))

        let unverified = try Connection(client: { _ in .client(verifyPeer: false) }, serverName: "wrong.example")
        let (unverifiedClient, _) = try unverified.handshake()
        #expect(unverifiedClient == .done(0))
    }

    @Test func alpnAgreesOnHTTP11OrNothing() throws {
        let agreeing = try Connection { files in
            var configuration = Self.trustingClient(files)
            configuration.applicationProtocols = ["h2", "http/1.1"]
            return configuration
        }
        _ = try agreeing.handshake()
        #expect(agreeing.client.negotiatedApplicationProtocol == "http/1.1")
        #expect(agreeing.server.negotiatedApplicationProtocol == "http/1.1")

        let disjoint = try Connection { files in
            var configuration = Self.trustingClient(files)
            configuration.applicationProtocols = ["h2"]
            return configuration
        }
        let (client, server) = try disjoint.handshake()
        #expect(client == .done(0) && server == .done(0))
        #expect(disjoint.client.negotiatedApplicationProtocol == nil)
    }

    @Test func sessionRoleMustMatchContext() throws {
        let files = try TLSTestHarness.CertificateFiles()
        defer { files.remove() }
        let serverContext = try TLSContext.server(files.serverConfiguration)
        #expect(throws: TLSError.roleMismatch(contextIsServer: true)) {
            try TLSSession(context: serverContext, fd: 0, isServer: false, serverName: "localhost")
        }
    }

    @Test func verifyingClientNeedsAServerName() throws {
        let files = try TLSTestHarness.CertificateFiles()
        defer { files.remove() }
        let context = try TLSContext.client(.client(trustedCAFilePath: files.certificatePath))
        let (a, b) = try TLSTestHarness.socketPair()
        defer { close(a); close(b) }
        #expect(throws: TLSError.self) { try TLSSession(context: context, fd: a, isServer: false, serverName: nil) }
    }
}
