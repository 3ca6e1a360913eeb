import Foundation
import GenetixCommandLine
import GenetixNet

/// `genetix cert --out DIR [--host H]... [--days N]`: a self-signed certificate for the HTTPS listeners.
enum CertCommand: Command {
    /// Default validity in days.
    static let defaultDays = 365

    static let spec = CommandSpec(
        name: "cert",
        abstract: "Write a self-signed certificate and key (cert.pem, key.pem) for the HTTPS listeners.",
        options: [
            OptionSpec("out", valueName: "dir", help: "Folder to write cert.pem and key.pem to.", isRequired: true),
            OptionSpec("host", valueName: "name", help: "A host name or IP address it is valid for (default: localhost, 127.0.0.1, ::1).",
                       isRepeatable: true),
            OptionSpec("days", valueName: "n", help: "Days of validity.", defaultValue: String(defaultDays)),
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let summary = try write(outDirectory: try arguments.string("out"), hosts: try arguments.strings("host"),
                                days: try arguments.int("days", in: 1...36_500))
        print(summary)
        return 0
    }

    /// Generates a self-signed EC P-256 certificate for `hosts` (default localhost, 127.0.0.1, ::1), valid `days`
    /// days, and writes `outDirectory/cert.pem` and `outDirectory/key.pem`.
    ///
    /// - Returns: a human-readable summary: the files, names, validity, fingerprint and how to use them.
    /// - Throws: `TLSError` for an invalid host name or day count, or when the files cannot be written.
    static func write(outDirectory: String, hosts: [String], days: Int) throws -> String {
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
