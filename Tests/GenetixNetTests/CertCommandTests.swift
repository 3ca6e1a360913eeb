import Foundation
import GenetixNet
import GenetixTesting
import Testing

/// `genetix cert` (the command lives in the executable; the certificate itself is `SelfSignedCertificate`), run as
/// an operator runs it: the built binary, its output and exit status.
@Suite struct CertCommandTests {
    /// Runs `genetix cert ARGUMENTS`; returns the exit status and stdout + stderr.
    private func cert(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GenetixExecutable.path)
        process.arguments = ["cert"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func writesAUsablePairAndSummarizesIt() throws {
        let directory = try TemporaryDirectory(prefix: "certcmd")
        defer { directory.remove() }
        let (status, summary) = try cert(["--out", directory.path, "--host", "lb.example", "--host", "192.0.2.1", "--days", "30"])
        #expect(status == 0, "\(summary)")
        let certificatePath = directory.file("cert.pem")
        let keyPath = directory.file("key.pem")
        #expect(summary.contains(certificatePath))
        #expect(summary.contains(keyPath))
        #expect(summary.contains("lb.example, 192.0.2.1"))
        #expect(summary.contains("30 days"))
        #expect(summary.contains("curl --cacert \(certificatePath) https://lb.example:PORT/"))
        // The pair loads as a server identity.
        let context = try TLSContext.server(.server(certificateChainPath: certificatePath, privateKeyPath: keyPath))
        #expect(context.isServer)
    }

    @Test func defaultsToLoopbackNamesFor365Days() throws {
        let directory = try TemporaryDirectory(prefix: "certcmd")
        defer { directory.remove() }
        let (status, summary) = try cert(["--out", directory.path])
        #expect(status == 0, "\(summary)")
        #expect(summary.contains("localhost, 127.0.0.1, ::1"))
        #expect(summary.contains("(365 days)"))
    }

    @Test func rejectsBadInputWithoutWriting() throws {
        let directory = try TemporaryDirectory(prefix: "certcmd")
        defer { directory.remove() }
        let out = directory.file("certs")
        let badHost = try cert(["--out", out, "--host", "not a host"])
        #expect(badHost.status == 1)
        #expect(badHost.output.contains("error: genetix cert: \(TLSError.invalidSubjectAltName("not a host"))"), "\(badHost.output)")
        let badDays = try cert(["--out", out, "--days", "0"])
        #expect(badDays.status == 64, "\(badDays.output)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
