import Foundation
import Testing
@testable import GenetixNet

@Suite struct CertificateCommandTests {
    @Test func writesAUsablePairAndSummarizesIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("genetix-certcmd-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let summary = try CertificateCommand.run(outDirectory: directory.path, hosts: ["lb.example", "192.0.2.1"], days: 30)
        let certificatePath = directory.appendingPathComponent("cert.pem").path
        let keyPath = directory.appendingPathComponent("key.pem").path
        #expect(summary.contains(certificatePath))
        #expect(summary.contains(keyPath))
        #expect(summary.contains("lb.example, 192.0.2.1"))
        #expect(summary.contains("30 days"))
        #expect(summary.contains("curl --cacert \(certificatePath) https://lb.example:PORT/"))
        // The pair loads as a server identity.
        let context = try TLSContext.server(.server(certificateChainPath: certificatePath, privateKeyPath: keyPath))
        #expect(context.isServer)
    }

    @Test func defaultsToLoopbackNames() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("genetix-certcmd-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let summary = try CertificateCommand.run(outDirectory: directory.path, hosts: [], days: CertificateCommand.defaultDays)
        #expect(summary.contains("localhost, 127.0.0.1, ::1"))
    }

    @Test func rejectsBadInputWithoutWriting() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("genetix-certcmd-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: TLSError.invalidSubjectAltName("not a host")) {
            try CertificateCommand.run(outDirectory: directory.path, hosts: ["not a host"], days: 30)
        }
        #expect(throws: TLSError.self) { try CertificateCommand.run(outDirectory: directory.path, hosts: [], days: 0) }
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }
}
