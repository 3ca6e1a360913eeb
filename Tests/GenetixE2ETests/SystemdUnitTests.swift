import Foundation
import GenetixOperations
import GenetixTesting
import Testing

/// The units in docs/deploy/systemd: `systemd-analyze verify` passes (with the built binary in ExecStart's place),
/// `systemd-analyze security` no longer flags the hardening issue 17 named, they are `Type=notify` with a watchdog,
/// secrets come through `LoadCredential=`, and every flag ExecStart passes exists in `genetix NODE --help`.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"),
                "needs systemd-analyze (Debian's systemd package: apt-get install systemd)"))
struct SystemdUnitTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/deploy/systemd").path

    @Test(arguments: ["genetix-app.service", "genetix-balancer.service", "genetix-database.service"])
    func unitVerifiesAndIsHardened(unit: String) async throws {
        let text = try String(contentsOfFile: Self.directory + "/" + unit, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        for wanted in ["Type=notify", "NotifyAccess=main", "WatchdogSec=30s", "SystemCallFilter=@system-service", "SystemCallArchitectures=native",
                       "ProtectProc=invisible", "NoNewPrivileges=yes", "ProtectSystem=strict"] {
            #expect(lines.contains(wanted), "\(unit) lacks \(wanted)")
        }
        // Secrets: only as credentials, never as readable paths on the command line.
        let exec = Self.execStart(text)
        #expect(!exec.contains("/etc/genetix/secrets"), "\(unit): ExecStart names a secret file directly")
        for credential in exec.components(separatedBy: "${CREDENTIALS_DIRECTORY}/").dropFirst().map({ String($0.prefix { !$0.isWhitespace }) }) {
            #expect(lines.contains { $0.hasPrefix("LoadCredential=\(credential):") }, "\(unit): no LoadCredential= for \(credential)")
        }

        try await TemporaryDirectory.with(prefix: "units") { dir in
            let copy = dir.file(unit)
            try text.replacingOccurrences(of: "/usr/local/bin/genetix", with: E2E.binary).write(toFile: copy, atomically: true, encoding: .utf8)
            let verify = try await Self.run(["systemd-analyze", "verify", copy], in: dir)
            #expect(verify.code == 0 && verify.output.isEmpty, "systemd-analyze verify \(unit): exit \(verify.code)\n\(verify.output)")
            let security = try await Self.run(["systemd-analyze", "security", "--offline=true", copy], in: dir)
            for setting in ["SystemCallFilter=~@mount", "SystemCallFilter=~@module", "SystemCallArchitectures=", "ProtectProc=",
                            "PrivateMounts=", "RestrictNamespaces=~", "CapabilityBoundingSet=~CAP_SYS_ADMIN"] {
                let line = security.output.split(separator: "\n").first { $0.contains(setting) }
                #expect(line?.hasPrefix("✓") == true, "systemd-analyze security still flags \(setting) in \(unit): \(line ?? "missing")")
            }
        }

        // Every flag of ExecStart is one `genetix NODE` knows.
        let words = exec.split(whereSeparator: { $0.isWhitespace || $0 == "\\" }).map(String.init)
        let kind = try #require(words.dropFirst().first)
        let help = try await E2E.run([kind, "--help"])
        for flag in words where flag.hasPrefix("--") {
            #expect(help.output.contains(flag + " "), "\(unit): genetix \(kind) has no \(flag)")
        }
    }

    /// ExecStart's value with its continuation lines joined.
    static func execStart(_ unit: String) -> String {
        var value = "", open = false
        for line in unit.split(separator: "\n") {
            if line.hasPrefix("ExecStart=") { value = String(line.dropFirst("ExecStart=".count)); open = line.hasSuffix("\\") }
            else if open { value += " " + line; open = line.hasSuffix("\\") }
        }
        return value.replacingOccurrences(of: "\\", with: " ")
    }

    static func run(_ arguments: [String], in dir: TemporaryDirectory) async throws -> (code: Int32, output: String) {
        let log = dir.file("out-\(UUID().uuidString.prefix(6))")
        let pid = try ChildProcess.spawn("/usr/bin/env", arguments, logFile: log, newGroup: true)
        let status = await ChildProcess.wait(pid)
        return ((status >> 8) & 0xFF, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }
}
