import GenetixCommandLine
import GenetixNet

/// `genetix cert --out DIR [--host H]... [--days N]`: a self-signed certificate for the HTTPS listeners.
enum CertCommand: Command {
    static let spec = CommandSpec(
        name: "cert",
        abstract: "Write a self-signed certificate and key (cert.pem, key.pem) for the HTTPS listeners.",
        options: [
            OptionSpec("out", valueName: "dir", help: "Folder to write cert.pem and key.pem to.", isRequired: true),
            OptionSpec("host", valueName: "name", help: "A host name or IP address it is valid for (default: localhost, 127.0.0.1, ::1).",
                       isRepeatable: true),
            OptionSpec("days", valueName: "n", help: "Days of validity.", defaultValue: String(CertificateCommand.defaultDays)),
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let summary = try CertificateCommand.run(outDirectory: try arguments.string("out"), hosts: try arguments.strings("host"),
                                                 days: try arguments.int("days", in: 1...36_500))
        print(summary)
        return 0
    }
}
