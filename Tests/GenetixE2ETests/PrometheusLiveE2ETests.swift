import Foundation
import GenetixOperations
import GenetixTesting
import Glibc
import Testing

/// Issue 17: Prometheus users' expectations. The live `/metrics` of a real balancer, app node and database node
/// passes `promtool check metrics`; every family is `genetix_*` (or the standard `process_*`), older names are
/// marked deprecated aliases, and `genetix_build_info` says the version and kind.
@Suite(.serialized, .enabled(if: E2E.nodesAvailable, "needs the node commands in .build/debug/genetix"))
struct PrometheusLiveE2ETests {
    static let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func liveMetricsOfEveryNodeKindPassPromtool() async throws {
        let promtool = try #require(Self.promtool, "promtool is missing: scripts/setup installs Debian's prometheus package")
        try await TemporaryPostgres.with { pg in try await TemporaryDirectory.with(prefix: "prom") { dir in
            chmod(dir.path, 0o711)  // the postgres account must reach the database node's data folder inside
            let tokens = dir.file("tokens.json")
            try #"[{"name": "ops", "role": "operator", "secret": "\#(NodeProcess.token)"}]"#.write(toFile: tokens, atomically: true, encoding: .utf8)
            chmod(tokens, 0o644)
            let secrets = dir.file("secrets.json")
            try #"{"codeKey": "\#(String(repeating: "a1", count: 32))", "indexKey": "\#(String(repeating: "b2", count: 32))"}"#
                .write(toFile: secrets, atomically: true, encoding: .utf8)
            // The balancer serves HTTPS too, with a certificate valid for 20 days: its expiry is exported.
            let certs = dir.file("certs")
            let certPID = try ChildProcess.spawn(GenetixExecutable.path, ["cert", "--out", certs, "--days", "20"], logFile: dir.file("cert.log"), newGroup: true)
            #expect(await ChildProcess.wait(certPID) == 0, "genetix cert: \((try? String(contentsOfFile: dir.file("cert.log"), encoding: .utf8)) ?? "")")
            let started = Started()
            defer { started.stopAll() }
            let lbAdmin = FreePort.next(), appAdmin = FreePort.next(), dbAdmin = FreePort.next()
            let nodes = [
                ("balancer", started.add(try NodeProcess(["balancer", "--name", "lb-p", "--listen", "127.0.0.1:\(FreePort.next())", "--backend", "127.0.0.1:9",
                                                          "--tls-listen", "127.0.0.1:\(FreePort.next())", "--cert", certs + "/cert.pem", "--key", certs + "/key.pem",
                                                          "--admin-listen", "127.0.0.1:\(lbAdmin)", "--admin-tokens", tokens],
                                                         admin: "http://127.0.0.1:\(lbAdmin)", log: dir.file("lb.log")))),
                ("app", started.add(try NodeProcess(["app", "--name", "app-p", "--workers", "1", "--listen-base", "127.0.0.1:0",
                                                     "--admin-listen", "127.0.0.1:\(appAdmin)", "--admin-tokens", tokens, "--db", pg.conninfo, "--secrets", secrets],
                                                    admin: "http://127.0.0.1:\(appAdmin)", log: dir.file("app.log")))),
                ("database", started.add(try NodeProcess(["database", "--name", "db-p", "--data", dir.file("db"), "--pg-listen", "127.0.0.1:\(FreePort.next())",
                                                          "--admin-listen", "127.0.0.1:\(dbAdmin)", "--admin-tokens", tokens],
                                                         admin: "http://127.0.0.1:\(dbAdmin)", log: dir.file("db.log")))),
            ]
            for (kind, node) in nodes {
                #expect(try await E2E.eventually(.seconds(90)) { await node.status() != nil }, "\(kind):\n\(node.output)")
                let response = try #require(await node.get("/metrics"), "\(kind): no /metrics")
                let text = String(decoding: response.body, as: UTF8.self)
                #expect(text.contains("genetix_build_info{kind=\"\(kind)\""), "\(kind): no genetix_build_info")
                if kind == "balancer" {
                    let line = text.split(separator: "\n").first { $0.hasPrefix("genetix_tls_certificate_expiry_timestamp_seconds{listener=\"https\"} ") }
                    let expiry = line.flatMap { Double($0.split(separator: " ").last ?? "") }
                    let inTwentyDays = Date().addingTimeInterval(20 * 86_400).timeIntervalSince1970
                    #expect(expiry.map { abs($0 - inTwentyDays) < 600 } == true, "balancer: the https certificate's expiry is \(String(describing: line))")
                }
                let families = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] }
                let help = Set(text.split(separator: "\n").filter { $0.contains("Deprecated alias of genetix_") }.map { $0.split(separator: " ")[2] })
                for family in families where !family.hasPrefix("genetix_") && !family.hasPrefix("process_") {
                    #expect(help.contains(family), "\(kind): \(family) is neither genetix_* nor a marked alias")
                }
                let file = dir.file("\(kind).prom")
                try text.write(toFile: file, atomically: true, encoding: .utf8)
                let log = dir.file("\(kind).promtool")
                let pid = try ChildProcess.spawn("/bin/sh", ["-c", "exec \(promtool) check metrics < \(file)"], logFile: log, newGroup: true)
                let status = await ChildProcess.wait(pid)
                #expect(status == 0, "promtool check metrics on \(kind)'s /metrics:\n\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
            }
        } }
    }
}
