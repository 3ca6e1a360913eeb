import Foundation
import Glibc
import Testing
@testable import GenetixNet

@Suite struct SelfSignedCertificateTests {
    @Test func generatesPEMPairWithFingerprint() throws {
        let certificate = try SelfSignedCertificate.generate()
        #expect(certificate.certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
        #expect(certificate.certificatePEM.hasSuffix("-----END CERTIFICATE-----\n"))
        #expect(certificate.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(certificate.sha256Fingerprint.split(separator: ":").count == 32)
        #expect(certificate.subjectAltNames == ["localhost", "127.0.0.1", "::1"])
        let other = try SelfSignedCertificate.generate()
        #expect(other.privateKeyPEM != certificate.privateKeyPEM)
        #expect(other.sha256Fingerprint != certificate.sha256Fingerprint)
    }

    @Test func writesFilesWithModes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("genetix-cert-\(UUID().uuidString)/nested")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let certificate = try SelfSignedCertificate.generate(commonName: "node-1", subjectAltNames: ["node-1.internal", "10.0.0.7"])
        let written = try certificate.write(to: directory)
        #expect(written.certificate.lastPathComponent == "cert.pem")
        #expect(written.privateKey.lastPathComponent == "key.pem")
        #expect(try String(contentsOf: written.certificate, encoding: .utf8) == certificate.certificatePEM)
        #expect(try String(contentsOf: written.privateKey, encoding: .utf8) == certificate.privateKeyPEM)
        #expect(try mode(of: written.certificate.path) == 0o644)
        #expect(try mode(of: written.privateKey.path) == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(leftovers == ["cert.pem", "key.pem"])
    }

    @Test(arguments: ["", "bad host", "a,DNS:evil.example", "-leading.example", "under_score.example", "x..y"])
    func invalidNamesAreRejected(name: String) {
        #expect(throws: TLSError.invalidSubjectAltName(name)) {
            try SelfSignedCertificate.generate(subjectAltNames: ["localhost", name])
        }
    }

    @Test func invalidValidityIsRejected() {
        #expect(throws: TLSError.self) { try SelfSignedCertificate.generate(validDays: 0) }
        #expect(throws: TLSError.self) { try SelfSignedCertificate.generate(validDays: 5000) }
        #expect(throws: TLSError.self) { try SelfSignedCertificate.generate(subjectAltNames: []) }
    }

    /// The openssl command line agrees: the certificate is a CA for itself, names every host, and uses P-256.
    @Test(.enabled(if: OpenSSLBinary.path != nil)) func opensslVerifiesNamesAndExtensions() throws {
        let files = try TLSTestHarness.CertificateFiles(hosts: ["gx.example", "*.gx.example", "192.0.2.10", "2001:db8::1"])
        defer { files.remove() }
        let text = try OpenSSLBinary.run(["x509", "-in", files.certificatePath, "-noout", "-text"])
        #expect(text.status == 0)
        #expect(text.output.contains("CA:TRUE"))
        #expect(text.output.contains("DNS:gx.example, DNS:*.gx.example, IP Address:192.0.2.10, IP Address:2001:DB8:0:0:0:0:0:1"))
        #expect(text.output.contains("prime256v1") || text.output.contains("P-256"))
        #expect(text.output.contains("ecdsa-with-SHA256"))
        #expect(text.output.contains("TLS Web Server Authentication"))

        for (flag, value) in [("-verify_hostname", "gx.example"), ("-verify_hostname", "api.gx.example"), ("-verify_ip", "192.0.2.10")] {
            let verify = try OpenSSLBinary.run(["verify", "-CAfile", files.certificatePath, "-purpose", "sslserver",
                                                flag, value, files.certificatePath])
            #expect(verify.status == 0, "openssl verify \(flag) \(value): \(verify.output)")
        }
        let wrong = try OpenSSLBinary.run(["verify", "-CAfile", files.certificatePath, "-verify_hostname", "other.example", files.certificatePath])
        #expect(wrong.status != 0)

        let key = try OpenSSLBinary.run(["pkey", "-in", files.privateKeyPath, "-noout", "-text"])
        #expect(key.status == 0)
        #expect(key.output.contains("prime256v1") || key.output.contains("P-256"))
    }

    private func mode(of path: String) throws -> mode_t {
        var info = stat()
        guard stat(path, &info) == 0 else { throw TLSTestHarness.Failure(description: "stat \(path) failed") }
        return info.st_mode & 0o7777
    }
}
