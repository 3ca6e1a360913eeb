import Foundation
import Glibc
import Testing
@testable import GenetixNet

/// Our TLS server against independent clients: the `openssl s_client` and `curl` binaries over loopback TCP.
@Suite struct TLSInteropTests {
    /// A TLS server on 127.0.0.1 for one connection, plus an external client process.
    final class Fixture {
        let files: TLSTestHarness.CertificateFiles
        let listener: Int32
        let port: UInt16
        let context: TLSContext
        var connectionFD: Int32 = -1
        var session: TLSSession?
        let process = Process()
        let processOutput = Pipe()

        /// A server with a new certificate, or `context`'s (to see a second connection resume the first one's session).
        init(context: TLSContext? = nil) throws {
            files = try TLSTestHarness.CertificateFiles()
            (listener, port) = try TLSTestHarness.listenOnLoopback()
            self.context = try context ?? TLSContext.server(files.serverConfiguration)
        }

        /// Starts `executable arguments…` with stdout and stderr captured.
        func launch(_ executable: String, _ arguments: [String], stdin: Pipe? = nil) throws {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.standardOutput = processOutput
            process.standardError = processOutput
            process.standardInput = stdin ?? FileHandle.nullDevice
            try process.run()
        }

        /// Accepts the client's connection and runs the server handshake to its end.
        func acceptAndHandshake() throws -> TLSIO {
            connectionFD = try TLSTestHarness.acceptOne(listener)
            let session = try TLSSession(context: context, fd: connectionFD, isServer: true, serverName: nil)
            self.session = session
            var result = TLSIO.wantRead
            try TLSTestHarness.pump([TLSTestHarness.handshakeParty(session, fd: connectionFD) { result = $0 }])
            return result
        }

        /// Reads until `terminator` has arrived or the peer closes; returns everything read.
        func read(until terminator: String) throws -> String {
            let session = try #require(session)
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            try TLSTestHarness.pump([TLSTestHarness.Party(fd: connectionFD) {
                let outcome = buffer.withUnsafeMutableBytes { session.read(into: $0) }
                switch outcome {
                case .done(let count):
                    received.append(contentsOf: buffer[0..<count])
                    return String(decoding: received, as: UTF8.self).contains(terminator) ? .finished : .progressed
                case .closed:
                    return .finished
                default:
                    return .waiting(try TLSTestHarness.waitEvents(outcome, during: "server read"))
                }
            }])
            return String(decoding: received, as: UTF8.self)
        }

        /// Writes all of `text`, then sends close_notify.
        func writeAndClose(_ text: String) throws {
            let session = try #require(session)
            let bytes = Array(text.utf8)
            var sent = 0
            try TLSTestHarness.pump([TLSTestHarness.Party(fd: connectionFD) {
                let outcome = bytes.withUnsafeBytes { session.write(UnsafeRawBufferPointer(rebasing: $0[sent...])) }
                if case .done(let count) = outcome {
                    sent += count
                    return sent == bytes.count ? .finished : .progressed
                }
                return .waiting(try TLSTestHarness.waitEvents(outcome, during: "server write"))
            }])
            session.shutdown()
        }

        /// Waits for the client process and returns its exit status and output.
        func finishProcess() -> (status: Int32, output: String) {
            let data = processOutput.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }

        deinit {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
            session = nil
            if connectionFD >= 0 { close(connectionFD) }
            close(listener)
            files.remove()
        }
    }

    static let curlPath: String? = ["/usr/bin/curl", "/usr/local/bin/curl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: OpenSSLBinary.path != nil)) func opensslClientConnectsWithTLS12() throws {
        let fixture = try Fixture()
        let input = Pipe()
        try fixture.launch(try OpenSSLBinary.require(), [
            "s_client", "-connect", "127.0.0.1:\(fixture.port)", "-tls1_2", "-servername", "localhost",
            "-CAfile", fixture.files.certificatePath, "-verify_return_error", "-verify_hostname", "localhost",
        ], stdin: input)
        input.fileHandleForWriting.write(Data("ping\n".utf8))
        let handshake = try fixture.acceptAndHandshake()
        #expect(handshake == .done(0))
        #expect(fixture.session?.negotiatedVersion == "TLSv1.2")
        #expect(try fixture.read(until: "\n") == "ping\n")
        try fixture.writeAndClose("pong\n")
        try input.fileHandleForWriting.close()
        let (status, output) = fixture.finishProcess()
        #expect(status == 0, "openssl s_client failed: \(output)")
        #expect(output.contains("TLSv1.2"))
        #expect(output.contains("Verify return code: 0 (ok)"))
    }

    /// Resumption comes from session tickets alone (the server keeps no session cache): a second connection that
    /// offers the first one's ticket is resumed, on both sides, in TLS 1.3 and 1.2.
    @Test(.enabled(if: OpenSSLBinary.path != nil), arguments: ["-tls1_3", "-tls1_2"])
    func opensslClientResumesFromASessionTicket(version: String) throws {
        let sessionFile = NSTemporaryDirectory() + "genetix-tls-session-\(UUID().uuidString).pem"
        defer { unlink(sessionFile) }
        let first = try Fixture()
        for round in 1...2 {
            let fixture = round == 1 ? first : try Fixture(context: first.context)
            let input = Pipe()
            try fixture.launch(try OpenSSLBinary.require(), [
                "s_client", "-connect", "127.0.0.1:\(fixture.port)", version, "-servername", "localhost",
                round == 1 ? "-sess_out" : "-sess_in", sessionFile,
            ], stdin: input)
            input.fileHandleForWriting.write(Data("ping\n".utf8))
            #expect(try fixture.acceptAndHandshake() == .done(0))
            #expect(fixture.session?.isResumed == (round == 2), "round \(round)")
            #expect(try fixture.read(until: "\n") == "ping\n")
            try fixture.writeAndClose("pong\n")
            try input.fileHandleForWriting.close()
            let (status, output) = fixture.finishProcess()
            #expect(status == 0, "openssl s_client failed: \(output)")
            #expect(output.contains(round == 2 ? "Reused, " : "New, "), "round \(round): \(output)")
            #expect(fixture.context.storedSessionCount == 0, "the server stores no session: the ticket carries it")
        }
    }

    @Test(.enabled(if: OpenSSLBinary.path != nil)) func opensslClientLimitedToTLS11IsRefused() throws {
        let fixture = try Fixture()
        // SECLEVEL=0 lets the client really offer TLS 1.1, so the refusal below is our server's.
        try fixture.launch(try OpenSSLBinary.require(), [
            "s_client", "-connect", "127.0.0.1:\(fixture.port)", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0",
        ])
        let handshake = try fixture.acceptAndHandshake()
        guard case .failed(.handshakeFailed(let reason)) = handshake else {
            Issue.record("server should refuse TLS 1.1, got \(handshake)")
            return
        }
        #expect(reason.contains("unsupported protocol"))
        let (status, output) = fixture.finishProcess()
        #expect(status != 0, "s_client should fail: \(output)")
    }

    @Test(.enabled(if: curlPath != nil)) func curlTrustsTheSelfSignedCertificate() throws {
        let fixture = try Fixture()
        try fixture.launch(try #require(Self.curlPath), [
            "-sS", "--max-time", "20", "--cacert", fixture.files.certificatePath,
            "--resolve", "localhost:\(fixture.port):127.0.0.1", "https://localhost:\(fixture.port)/hello",
        ])
        #expect(try fixture.acceptAndHandshake() == .done(0))
        #expect(fixture.session?.negotiatedVersion == "TLSv1.3")
        let request = try fixture.read(until: "\r\n\r\n")
        #expect(request.hasPrefix("GET /hello HTTP/1.1\r\n"))
        try fixture.writeAndClose("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
        let (status, output) = fixture.finishProcess()
        #expect(status == 0, "curl failed: \(output)")
        #expect(output == "ok\n")
    }

    @Test(.enabled(if: curlPath != nil)) func curlWithTLSMax11IsRefused() throws {
        let fixture = try Fixture()
        try fixture.launch(try #require(Self.curlPath), [
            "-sS", "--max-time", "20", "-k", "--tlsv1.1", "--tls-max", "1.1", "--ciphers", "DEFAULT@SECLEVEL=0",
            "https://127.0.0.1:\(fixture.port)/",
        ])
        let handshake = try fixture.acceptAndHandshake()
        guard case .failed(.handshakeFailed(let reason)) = handshake else {
            Issue.record("server should refuse TLS 1.1, got \(handshake)")
            return
        }
        #expect(reason.contains("unsupported protocol"))
        let (status, _) = fixture.finishProcess()
        #expect(status != 0)
    }
}
