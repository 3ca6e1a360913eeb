import Foundation
import GenetixAdmin
import GenetixCore
import GenetixNet
import GenetixTesting
import Testing

extension SecurityTests {
    /// The admin API and the public HTTPS listener negotiate TLS 1.2 and 1.3 only, with forward-secret AEAD suites:
    /// checked from outside with `openssl s_client` and `curl`, the clients an auditor would use.
    @Suite(.serialized) struct TLSPolicyTests {
        /// One TLS endpoint's policy, probed with the system's openssl and curl.
        static func probe(port: Int, path: String) async throws {
            let target = "127.0.0.1:\(port)"
            func sClient(_ extra: [String]) async throws -> ExternalTool.Outcome {
                try await ExternalTool.run("/usr/bin/openssl", ["s_client", "-connect", target, "-servername", "localhost"] + extra)
            }
            // TLS 1.2 and 1.3 handshake.
            for version in ["-tls1_2", "-tls1_3"] {
                let ok = try await sClient([version])
                #expect(ok.output.contains("Cipher is ") && !ok.output.contains("Cipher is (NONE)"), "\(version) failed: \(ok.output.suffix(300))")
            }
            // Old protocols are refused by the server even when the client lowers its own security level to offer them.
            for version in ["-tls1", "-tls1_1"] {
                let old = try await sClient([version, "-cipher", "DEFAULT@SECLEVEL=0"])
                #expect(old.status != 0 && !old.output.contains("Cipher is ECDHE"), "\(version) was accepted: \(old.output.suffix(300))")
            }
            // Weak and non-forward-secret suites are refused over TLS 1.2.
            for ciphers in ["RC4:DES:3DES:NULL:EXPORT:aNULL:@SECLEVEL=0", "AES128-SHA:AES256-SHA:AES128-GCM-SHA256:@SECLEVEL=0",
                            "ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0"] {
                let weak = try await sClient(["-tls1_2", "-cipher", ciphers])
                #expect(weak.status != 0, "cipher list \(ciphers) was accepted: \(weak.output.suffix(300))")
            }
            // curl: a normal request works; --tls-max 1.1 fails.
            let url = "https://\(target)\(path)"
            let fine = try await ExternalTool.run("/usr/bin/curl", ["-sk", "-o", "/dev/null", "-w", "%{http_code}", url])
            #expect(fine.status == 0 && fine.output == "200", "curl over TLS: \(fine.output)")
            let old = try await ExternalTool.run("/usr/bin/curl", ["-sk", "--tlsv1.0", "--tls-max", "1.1", "--ciphers", "DEFAULT@SECLEVEL=0", url])
            #expect(old.status != 0, "curl --tls-max 1.1 succeeded")
        }

        static func certificate(_ directory: TemporaryDirectory) throws -> TLSContext {
            let files = try SelfSignedCertificate.generate(commonName: "localhost", subjectAltNames: ["localhost", "127.0.0.1"])
                .write(to: URL(fileURLWithPath: directory.path))
            return try TLSContext.server(.server(certificateChainPath: files.certificate.path, privateKeyPath: files.privateKey.path))
        }

        @Test func adminAPIOverTLS() async throws {
            try await TemporaryDirectory.with(prefix: "security-tls") { directory in
                let group = try EventLoopGroup(count: 1, name: "security-admin-tls")
                let logs = try LogStore(capacity: 1000)
                let configuration = AdminServerConfiguration(name: "tls-1", kind: .app, listen: SocketAddress(host: "127.0.0.1", port: 0),
                                                             tokens: [AdminNodeHarness.viewer], tls: try Self.certificate(directory))
                let server = try AdminServer(configuration: configuration, node: CounterNode(), logs: logs, events: EventStore(log: logs),
                                             metrics: MetricsRegistry(), group: group)
                #expect(server.url.hasPrefix("https://"))
                do { try await Self.probe(port: server.localAddress.port, path: "/healthz") } catch {
                    await server.shutdown(grace: .milliseconds(100))
                    group.shutdown()
                    throw error
                }
                await server.shutdown(grace: .milliseconds(100))
                group.shutdown()
            }
        }

        @Test func publicHTTPSListener() async throws {
            try await TemporaryDirectory.with(prefix: "security-tls") { directory in
                let tls = try Self.certificate(directory)
                let group = try EventLoopGroup(count: 1, name: "security-https")
                var configuration = HTTPServerConfiguration(address: SocketAddress(host: "127.0.0.1", port: 0), tls: tls)
                configuration.headerTimeout = .seconds(5)
                var router = Router()
                router.on("GET", "/healthz") { _, responder in responder.send(.json(["status": "ok"])) }
                let server = try HTTPServer(configuration: configuration, group: group, handler: router.handler)
                do { try await Self.probe(port: server.localAddress.port, path: "/healthz") } catch {
                    await server.shutdown(grace: .milliseconds(100))
                    group.shutdown()
                    throw error
                }
                await server.shutdown(grace: .milliseconds(100))
                group.shutdown()
            }
        }
    }
}
