import Foundation
import Testing
@testable import GenetixNet

/// `CertificateExpiry` reads the leaf's notAfter as `openssl x509 -enddate` does, and names the file it cannot read.
@Suite struct CertificateExpiryTests {
    @Test func notAfterAgreesWithOpenSSL() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("genetix-expiry-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try SelfSignedCertificate.generate(validDays: 30).write(to: directory)
        let notAfter = try CertificateExpiry.notAfter(pemFile: files.certificate.path)
        // openssl prints e.g. "notAfter=Jan  1 07:50:12 2027 GMT".
        let printed = try OpenSSLBinary.run(["x509", "-in", files.certificate.path, "-noout", "-enddate", "-dateopt", "iso_8601"])
        #expect(printed.status == 0, "\(printed.output)")
        let text = printed.output.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "notAfter=", with: "")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
        let expected = try #require(formatter.date(from: text), "cannot read openssl's date '\(text)'")
        #expect(notAfter == Int64(expected.timeIntervalSince1970))
        // And it is thirty days from now, give or take the test's own run time.
        #expect(abs(Double(notAfter) - Date().addingTimeInterval(30 * 86_400).timeIntervalSince1970) < 600)
    }

    @Test func unreadableFilesAreNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("genetix-expiry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("missing.pem").path
        #expect(throws: TLSError.certificateLoadFailed(path: missing, reason: "No such file or directory")) {
            try CertificateExpiry.notAfter(pemFile: missing)
        }
        let garbage = directory.appendingPathComponent("garbage.pem").path
        try "not a certificate\n".write(toFile: garbage, atomically: true, encoding: .utf8)
        #expect(throws: TLSError.certificateLoadFailed(path: garbage, reason: "no PEM certificate in the file")) {
            try CertificateExpiry.notAfter(pemFile: garbage)
        }
    }
}
