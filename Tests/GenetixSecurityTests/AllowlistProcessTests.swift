import Foundation
import GenetixNet
import GenetixTesting
import Testing

extension SecurityTests {
    /// The real `genetix app` started with `--admin-allow 10.0.0.0/8`: a client on 127.0.0.1 gets 403 on every admin-port
    /// route, token or not.
    struct AllowlistProcessTests {
        @Test func aNodeStartedWithAnAllowlistRefusesLoopback() async throws {
            // The app node migrates the schema before it serves, so it gets a real PostgreSQL.
            try await TemporaryPostgres.with { pg in try await TemporaryDirectory.with(prefix: "security-allow") { directory in
                let tokens = directory.file("tokens.json")
                try #"[{"name": "ops", "role": "operator", "secret": "operator-secret-0123456789"}]"#.write(toFile: tokens, atomically: true, encoding: .utf8)
                let secrets = directory.file("secrets.json")
                try #"{"codeKey": "\#(String(repeating: "a1", count: 32))", "indexKey": "\#(String(repeating: "b2", count: 32))"}"#
                    .write(toFile: secrets, atomically: true, encoding: .utf8)
                let port = FreePort.next()
                let process = Process()
                process.executableURL = URL(fileURLWithPath: GenetixExecutable.path)
                process.arguments = ["app", "--name", "app-allow", "--workers", "0", "--admin-listen", "127.0.0.1:\(port)", "--admin-tokens", tokens,
                                     "--admin-allow", "10.0.0.0/8", "--db", pg.conninfo, "--secrets", secrets]
                process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
                process.standardError = FileHandle(forWritingAtPath: "/dev/null")
                try process.run()
                defer {
                    process.terminate()
                    process.waitUntilExit()
                }
                let client = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(5)))
                var answered: HTTPClientResponse?
                for _ in 0..<100 {
                    if let response = try? await client.get("http://127.0.0.1:\(port)/healthz") { answered = response; break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(answered?.status == 403, "/healthz from 127.0.0.1: \(String(describing: answered?.status))")
                var headers = HTTPHeaders()
                headers.add("Authorization", "Bearer operator-secret-0123456789")
                for path in ["/admin/v1/status", "/metrics", "/readyz"] {
                    #expect(try await client.get("http://127.0.0.1:\(port)\(path)", headers: headers).status == 403, "\(path)")
                }
                let action = try await client.execute(HTTPClientRequest(method: "POST", url: try HTTPURL(parsing: "http://127.0.0.1:\(port)/admin/v1/actions/scale"),
                                                                        headers: headers, body: Array(#"{"workers": 1}"#.utf8)))
                #expect(action.status == 403)
                #expect(String(decoding: action.body, as: UTF8.self).contains("forbidden_address"))
                await client.shutdown()
            } }
        }
    }
}
