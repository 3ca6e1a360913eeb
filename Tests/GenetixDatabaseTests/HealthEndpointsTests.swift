import Foundation
import GenetixDatabase
import GenetixNet
import GenetixPostgres
import GenetixTesting
import Testing

extension DatabaseIntegrationTests {
    /// Patroni's health endpoints on a primary and a replica, then a real HAProxy with Patroni's own check template
    /// (`option httpchk OPTIONS /primary`, `OPTIONS /replica?lag=16MB`) in front of them, through a switchover.
    @Suite struct HealthEndpointsTests {
        @Test("Patroni's health endpoints answer GET, HEAD and OPTIONS with lag units, and HAProxy's Patroni template follows a switchover")
        func patroniHealthEndpointsBehindHAProxy() async throws {
            #expect(FileManager.default.isExecutableFile(atPath: HAProxyProcess.executable), "HAProxy is missing: scripts/setup installs it")
            try await TestCluster.with { cluster in
                let ports = cluster.reservePorts(2)
                let a = try await cluster.start("db-a", ports: ports[0], peers: [PeerAddress(name: "db-b", adminURL: "http://127.0.0.1:\(ports[1].admin)")])
                let b = try await cluster.start("db-b", ports: ports[1], replicaOf: ports[0].pg, peers: [PeerAddress(name: "db-a", adminURL: a.adminURL)])
                let http = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(10)))
                defer { Task { await http.shutdown() } }
                func status(_ node: TestDatabaseNode, _ path: String, _ method: String = "GET") async -> Int {
                    guard let url = try? HTTPURL(parsing: node.adminURL + path),
                          let response = try? await http.execute(HTTPClientRequest(method: method, url: url)) else { return 0 }
                    return response.status
                }
                #expect(await eventually { await status(b, "/replica") == 200 })

                for path in ["/primary", "/master", "/leader", "/read-write"] {  // without etcd /leader is /primary
                    for method in ["GET", "HEAD", "OPTIONS"] {
                        #expect(await status(a, path, method) == 200, "\(method) \(path) on the primary")
                        #expect(await status(b, path, method) == 503, "\(method) \(path) on the replica")
                    }
                }
                for lag in ["16MB", "16mb", "1024kB", "1GB", "1048576", "1048576B"] {
                    #expect(await status(b, "/replica?lag=\(lag)") == 200, "lag=\(lag)")
                    #expect(await status(b, "/replica?lag=\(lag)", "OPTIONS") == 200, "OPTIONS lag=\(lag)")
                    #expect(await status(a, "/replica?lag=\(lag)") == 503, "lag=\(lag) on the primary")
                }
                // Without etcd no standby is "the" synchronous one: every streaming replica is asynchronous.
                for (node, path, expected) in [(b, "/async", 200), (b, "/asynchronous?lag=16MB", 200), (b, "/sync", 503), (b, "/synchronous", 503),
                                               (a, "/async", 503), (a, "/sync", 503)] {
                    #expect(await status(node, path) == expected, "\(node.name) \(path)")
                }
                #expect(await status(a, "/read-only") == 200)
                #expect(await status(b, "/read-only?lag=16MB") == 200)
                #expect(await status(a, "/health", "OPTIONS") == 200)
                for bad in ["banana", "-1", "16XB", "1e9", "99999999999999999999", "2000TB", "", "１６MB"] {
                    let query = bad.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? bad
                    let response = try await http.execute(HTTPClientRequest(method: "GET", url: HTTPURL(parsing: b.adminURL + "/replica?lag=" + query)))
                    #expect(response.status == 400, "lag=\(bad): \(response.status)")
                    #expect(String(decoding: response.body, as: UTF8.self).contains("'lag'"), "lag=\(bad): the error names the parameter")
                }
                let options = try await http.execute(HTTPClientRequest(method: "OPTIONS", url: HTTPURL(parsing: a.adminURL + "/primary")))
                #expect(options.body.isEmpty && options.headers["Allow"] == "GET, HEAD, OPTIONS")

                try await HAProxyProcess.with(primaries: [a, b]) { proxy in
                    #expect(await eventually(timeout: .seconds(30)) { await proxy.reaches(proxy.primaryPort, port: a.port, inRecovery: false) },
                            "HAProxy's primary port does not reach db-a")
                    #expect(await eventually(timeout: .seconds(30)) { await proxy.reaches(proxy.replicaPort, port: b.port, inRecovery: true) },
                            "HAProxy's replica port does not reach db-b")
                    let promoted = try await b.client.action("promote", body: .object([:]))
                    #expect(promoted["promoted"] == .bool(true))
                    // HAProxy balances over every server it holds up, so db-a still gets connections until two failed checks
                    // mark it down (about a second; writes there fail, db-a is fenced): wait for three landings on db-b in a row.
                    #expect(await eventually(timeout: .seconds(30)) {
                        for _ in 0..<3 where !(await proxy.reaches(proxy.primaryPort, port: b.port, inRecovery: false)) { return false }
                        return true
                    }, "after the switchover HAProxy's primary port does not settle on db-b")
                    // db-a is fenced now: its /primary says 503, so HAProxy's primary port never leads there again.
                    for i in 0..<5 {
                        let landed = await proxy.landing(proxy.primaryPort)
                        #expect(landed.port == b.port && landed.inRecovery == false,
                                "connection \(i) through the primary port (db-a :\(a.port), db-b :\(b.port)): \(landed)")
                    }
                }
            }
        }
    }
}

/// A real HAProxy in the foreground with Patroni's documented check template (checks every 500 ms instead of 3 s, so
/// the test is short): `primary` on one port, `replicas` on another, each checking every node's admin port.
struct HAProxyProcess {
    static let executable = "/usr/sbin/haproxy"
    let primaryPort: Int
    let replicaPort: Int

    static func with(primaries nodes: [TestDatabaseNode], _ body: (HAProxyProcess) async throws -> Void) async throws {
        let ports = (FreePort.next(), FreePort.next())
        let directory = try TemporaryDirectory(prefix: "haproxy")
        defer { directory.remove() }
        func listen(_ name: String, _ port: Int, _ check: String) -> String {
            """
            listen \(name)
                bind 127.0.0.1:\(port)
                option httpchk OPTIONS \(check)
                http-check expect status 200
                default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions

            """ + nodes.map { "    server \($0.name) 127.0.0.1:\($0.port) maxconn 100 check port \($0.adminPort)\n" }.joined()
        }
        let config = """
            global
                maxconn 200
            defaults
                mode tcp
                timeout client 30s
                timeout connect 4s
                timeout server 30s
                timeout check 5s

            """ + listen("primary", ports.0, "/primary") + "\n" + listen("replicas", ports.1, "/replica?lag=16MB")
        try config.write(toFile: directory.file("haproxy.cfg"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-db", "-f", directory.file("haproxy.cfg")]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: directory.file("haproxy.log"))
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        try await body(HAProxyProcess(primaryPort: ports.0, replicaPort: ports.1))
    }

    /// Where one connection through `via` lands: the server's port and whether it is in recovery, or the error.
    func landing(_ via: Int) async -> Landing {
        do {
            let connection = try await AsyncPostgresConnection.connect(
                "host=127.0.0.1 port=\(via) user=genetix dbname=genetix password=\(TestDatabaseNode.appPassword) connect_timeout=3")
            let rows: PostgresRows
            do { rows = try await connection.query("SELECT inet_server_port(), pg_is_in_recovery()") } catch {
                await connection.close()
                throw error
            }
            await connection.close()
            return Landing(port: rows.int64().map(Int.init), inRecovery: rows.bool(0, 1), error: nil)
        } catch {
            return Landing(port: nil, inRecovery: nil, error: "\(error)")
        }
    }

    /// Whether a connection through `via` lands on the PostgreSQL listening on `port`, in recovery or not.
    func reaches(_ via: Int, port: Int, inRecovery: Bool) async -> Bool {
        let landed = await landing(via)
        return landed.port == port && landed.inRecovery == inRecovery
    }

    struct Landing: CustomStringConvertible {
        let port: Int?
        let inRecovery: Bool?
        let error: String?
        var description: String { error.map { "no connection: \($0)" } ?? "landed on :\(port ?? -1), in recovery: \(inRecovery.map(String.init) ?? "?")" }
    }
}
