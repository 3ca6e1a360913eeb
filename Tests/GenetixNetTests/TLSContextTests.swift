import Foundation
import Testing
@testable import GenetixNet

@Suite struct TLSContextTests {
    @Test func serverWithoutCertificateIsRejected() {
        #expect {
            try TLSContext.server(TLSConfiguration())
        } throws: { error in
            guard case TLSError.invalidConfiguration(let message) = error else { return false }
            return message.contains("certificate chain file and a private key file")
        }
    }

    @Test func missingCertificateFileIsNamedWithTheSystemReason() throws {
        let files = try TLSTestHarness.CertificateFiles()
        defer { files.remove() }
        let missing = files.directory.appendingPathComponent("absent.pem").path
        #expect(throws: TLSError.certificateLoadFailed(path: missing, reason: "No such file or directory")) {
            try TLSContext.server(.server(certificateChainPath: missing, privateKeyPath: files.privateKeyPath))
        }
    }

    @Test func garbageCertificateCarriesOpenSSLsReason() throws {
        let files = try TLSTestHarness.CertificateFiles()
        defer { files.remove() }
        let garbage = files.directory.appendingPathComponent("garbage.pem")
        try Data("not a certificate\n".utf8).write(to: garbage)
        do {
            _ = try TLSContext.server(.server(certificateChainPath: garbage.path, privateKeyPath: files.privateKeyPath))
            Issue.record("loading a garbage certificate should fail")
        } catch {
            guard case .certificateLoadFailed(let path, let reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(path == garbage.path)
            #expect(reason.contains("PEM") || reason.contains("no start line"))
            #expect(error.description.contains(garbage.path))
        }
    }

    @Test func keyOfAnotherCertificateIsAMismatch() throws {
        let first = try TLSTestHarness.CertificateFiles()
        let second = try TLSTestHarness.CertificateFiles()
        defer { first.remove(); second.remove() }
        do {
            _ = try TLSContext.server(.server(certificateChainPath: first.certificatePath, privateKeyPath: second.privateKeyPath))
            Issue.record("a mismatched key should be rejected")
        } catch {
            guard case .privateKeyMismatch(let certificate, let key, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(certificate == first.certificatePath)
            #expect(key == second.privateKeyPath)
        }
    }

    @Test func certificateInPlaceOfKeyIsAKeyLoadFailure() throws {
        let files = try TLSTestHarness.CertificateFiles()
        defer { files.remove() }
        #expect {
            try TLSContext.server(.server(certificateChainPath: files.certificatePath, privateKeyPath: files.certificatePath))
        } throws: { error in
            guard case TLSError.privateKeyLoadFailed(let path, _) = error else { return false }
            return path == files.certificatePath
        }
    }

    @Test func missingCAFileIsNamed() {
        #expect(throws: TLSError.trustedCertificatesLoadFailed(path: "/nonexistent/ca.pem", reason: "No such file or directory")) {
            try TLSContext.client(.client(trustedCAFilePath: "/nonexistent/ca.pem"))
        }
    }

    @Test func invertedVersionRangeIsRejected() {
        #expect {
            try TLSContext.client(TLSConfiguration(minimumVersion: .tls13, maximumVersion: .tls12))
        } throws: { error in
            guard case TLSError.invalidConfiguration(let message) = error else { return false }
            return message.contains("TLSv1.3") && message.contains("TLSv1.2")
        }
    }

    @Test func clientWithSystemTrustStoreLoads() throws {
        let context = try TLSContext.client(.client(serverName: "example.com"))
        #expect(!context.isServer)
    }
}
