import Foundation
import GenetixBalancer
import GenetixCore
import GenetixNet
import GenetixTesting
import Testing

/// Issue 15: with an HTTPS listener, plain HTTP redirects pages (308), refuses API calls with a JSON error naming the
/// HTTPS address (the body of a redirected POST would already have crossed in clear), and HTTPS answers carry HSTS —
/// by default, each switchable off.
@Suite struct HTTPSDefaultTests {
    /// A balancer with an HTTPS listener on a fresh self-signed certificate, and a client that trusts it.
    static func withTLS(_ configure: @escaping (inout BalancerConfiguration) -> Void = { _ in },
                        _ body: (BalancerFixture, TestBackend, HTTPClient, Int) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let files = try SelfSignedCertificate.generate().write(to: URL(fileURLWithPath: directory.path))
        let tls = try TLSContext.server(.server(certificateChainPath: files.certificate.path, privateKeyPath: files.privateKey.path))
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address]) {
            $0.tlsListen = HTTPServerConfiguration(address: SocketAddress(host: "127.0.0.1", port: 0), tls: tls)
            configure(&$0)
        }
        let client = HTTPClient(configuration: HTTPClientConfiguration(
            timeout: .seconds(10), tls: try TLSContext.client(.client(trustedCAFilePath: files.certificate.path))))
        let port = fixture.balancer.https?.localAddress.port ?? 0
        do { try await body(fixture, backend, client, port) } catch {
            await client.shutdown(); await fixture.stop(); await backend.stop()
            throw error
        }
        await client.shutdown(); await fixture.stop(); await backend.stop()
    }

    @Test func plainHTTPRedirectsPagesRefusesAPICallsAndHTTPSSendsHSTS() async throws {
        try await Self.withTLS { fixture, backend, client, port in
            #expect(fixture.balancer.configuration.redirectToHTTPS && fixture.balancer.configuration.refusePlainAPI && fixture.balancer.configuration.hsts)
            let page = try await fixture.get("/page?x=1")
            #expect(page.status == 308)
            #expect(page.headers["Location"] == "https://127.0.0.1:\(port)/page?x=1")
            #expect(page.headers["Strict-Transport-Security"] == nil, "HSTS on plain HTTP is ignored by browsers and must not be sent")
            let post = try await fixture.post("/apply", body: "plain-1")
            #expect(post.status == 403)
            #expect(post.headers["Content-Type"] == "application/json")
            #expect(post.text.contains("\"code\":\"https_required\""), "\(post.text)")
            #expect(post.text.contains("https://127.0.0.1:\(port)/apply"), "\(post.text)")
            for path in ["/api/kits", "//api/kits", "/API/kits", "/%61pi/kits"] {
                let apiGet = try await fixture.get(path)
                #expect(apiGet.status == 403, "\(path): \(apiGet.status)")
            }
            #expect(backend.seen == 0, "a plain-HTTP request reached the backend")
            #expect(backend.ledger.count == 0)
            // Over HTTPS everything is served, with HSTS.
            let secure = try await client.get("https://127.0.0.1:\(port)/page")
            #expect(secure.status == 200)
            #expect(secure.headers["Strict-Transport-Security"]?.hasPrefix("max-age=31536000") == true)
            let securePost = try await client.execute(HTTPClientRequest(method: "POST", url: try HTTPURL(parsing: "https://127.0.0.1:\(port)/apply"),
                                                                        body: Array("tls-1".utf8)))
            #expect(securePost.status == 200)
            #expect(securePost.headers["Strict-Transport-Security"] != nil)
            #expect(backend.ledger.count == 1)
        }
    }

    @Test func eachDefaultCanBeSwitchedOff() async throws {
        try await Self.withTLS({ $0.redirectToHTTPS = false; $0.refusePlainAPI = false; $0.hsts = false }) { fixture, backend, client, port in
            #expect(try await fixture.get("/page").status == 200)
            #expect(try await fixture.post("/apply", body: "plain-2").status == 200)
            let secure = try await client.get("https://127.0.0.1:\(port)/page")
            #expect(secure.status == 200)
            #expect(secure.headers["Strict-Transport-Security"] == nil)
        }
        // Pages redirected but API calls let through on plain HTTP, and the other way round.
        try await Self.withTLS({ $0.refusePlainAPI = false }) { fixture, _, _, _ in
            let page = try await fixture.get("/page"), post = try await fixture.post("/apply", body: "plain-3")
            #expect(page.status == 308)
            #expect(post.status == 200)
        }
        try await Self.withTLS({ $0.redirectToHTTPS = false }) { fixture, _, _, _ in
            let page = try await fixture.get("/page"), post = try await fixture.post("/apply", body: "plain-4")
            #expect(page.status == 200)
            #expect(post.status == 403)
        }
    }

    @Test func withoutAnHTTPSListenerPlainHTTPServesEverything() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address])
        defer { Task { await fixture.stop(); await backend.stop() } }
        let page = try await fixture.get("/page")
        #expect(page.status == 200)
        #expect(page.headers["Strict-Transport-Security"] == nil)
        #expect(try await fixture.post("/apply", body: "plain-5").status == 200)
    }
}
