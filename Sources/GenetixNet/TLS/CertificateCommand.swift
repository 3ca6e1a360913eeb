import Foundation

/// The logic of `genetix cert --out DIR [--host H]... [--days N]`: generate a self-signed certificate and key for
/// Genetix's HTTPS listeners and write them to a directory.
public enum CertificateCommand {
    /// Default validity in days.
    public static let defaultDays = 365

    /// Generates a self-signed EC P-256 certificate for `hosts` (default localhost, 127.0.0.1, ::1), valid `days`
    /// days, and writes `outDirectory/cert.pem` and `outDirectory/key.pem`.
    ///
    /// - Returns: a human-readable summary: the files, names, validity, fingerprint and how to use them.
    /// - Throws: `TLSError` for an invalid host name or day count, or when the files cannot be written.
    public static func run(outDirectory: String, hosts: [String], days: Int) throws -> String {
        guard !outDirectory.isEmpty else {
            throw TLSError.invalidConfiguration("--out needs a directory for cert.pem and key.pem")
        }
        let names = hosts.isEmpty ? SelfSignedCertificate.defaultSubjectAltNames : hosts
        let certificate = try SelfSignedCertificate.generate(commonName: names[0], subjectAltNames: names, validDays: days)
        let files = try certificate.write(to: URL(fileURLWithPath: outDirectory, isDirectory: true))
        let expiry = Date().addingTimeInterval(TimeInterval(days) * 86_400)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return """
            Wrote a self-signed certificate (EC P-256, SHA-256, its own CA):
              certificate  \(files.certificate.path)  (mode 0644)
              private key  \(files.privateKey.path)  (mode 0600, keep it secret)
              valid for    \(names.joined(separator: ", "))
              expires      \(formatter.string(from: expiry)) (\(days) days)
              SHA-256      \(certificate.sha256Fingerprint)
            Serve HTTPS with --cert \(files.certificate.path) --key \(files.privateKey.path);
            clients trust it with e.g. curl --cacert \(files.certificate.path) https://\(urlHost(names[0])):PORT/
            """
    }

    private static func urlHost(_ name: String) -> String {
        name.contains(":") ? "[\(name)]" : name
    }
}
