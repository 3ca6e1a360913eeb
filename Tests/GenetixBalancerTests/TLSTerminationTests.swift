import Foundation
import GenetixBalancer
import GenetixNet
import GenetixTesting
import Testing

/// TLS termination checked with an independent client, the `curl` binary.
@Suite struct TLSTerminationTests {
    static let curlPath: String? = ["/usr/bin/curl", "/usr/local/bin/curl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs curl off the cooperative pool; returns its exit status and output.
    static func curl(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let path = try #require(curlPath)
        return await RawSocket.offload {
            let process = Process()
            let pipe = Pipe()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            process.standardOutput = pipe
            process.standardError = pipe
            do { try process.run() } catch { return (-1, "\(error)") }
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }

    @Test(.enabled(if: curlPath != nil)) func curlOverTLS12And13SucceedsAndTLS11Fails() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let files = try SelfSignedCertificate.generate().write(to: URL(fileURLWithPath: directory.path))
        let backend = try TestBackend()
        let tls = try TLSContext.server(.server(certificateChainPath: files.certificate.path, privateKeyPath: files.privateKey.path))
        let fixture = try BalancerFixture(backends: [backend.address]) {
            $0.tlsListen = HTTPServerConfiguration(address: SocketAddress(host: "127.0.0.1", port: 0), tls: tls)
            $0.redirectToHTTPS = true
            $0.hsts = true
        }
        defer { Task { await fixture.stop(); await backend.stop() } }
        let port = try #require(fixture.balancer.https).localAddress.port
        let url = "https://127.0.0.1:\(port)/echo-headers"
        let base = ["-sS", "--max-time", "10", "--cacert", files.certificate.path, "-D", "-"]
        let v12 = try await Self.curl(base + ["--tlsv1.2", "--tls-max", "1.2", url])
        #expect(v12.status == 0, "curl TLS 1.2 failed: \(v12.output)")
        #expect(v12.output.contains("HTTP/1.1 200"))
        #expect(v12.output.contains("X-Forwarded-Proto: https"))
        #expect(v12.output.lowercased().contains("strict-transport-security: max-age="))
        let v13 = try await Self.curl(base + ["--tlsv1.3", url])
        #expect(v13.status == 0, "curl TLS 1.3 failed: \(v13.output)")
        #expect(v13.output.contains("HTTP/1.1 200"))
        let v11 = try await Self.curl(["-sS", "--max-time", "10", "--cacert", files.certificate.path, "--tlsv1", "--tls-max", "1.1", url])
        #expect(v11.status != 0, "TLS 1.1 must be refused: \(v11.output)")
        // Plain HTTP is redirected to the HTTPS listener.
        let plain = try await fixture.get("/page?x=1")
        #expect(plain.status == 308)
        #expect(plain.headers["Location"] == "https://127.0.0.1:\(port)/page?x=1")
    }
}
