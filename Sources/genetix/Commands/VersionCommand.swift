import GenetixCommandLine
import GenetixCore

/// `genetix version`: prints the version, as plain text or JSON for scripts.
enum VersionCommand: Command {
    static let spec = CommandSpec(
        name: "version",
        abstract: "Print the version of genetix.",
        flags: [OutputMode.jsonFlag(help: "Print {\"version\": \"…\"} instead of plain text; the same as --output json.")])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let mode = OutputMode.current
        guard mode.printsResult else { return 0 }
        print(mode.isJSON ? "{\"version\":\"\(GenetixVersion.string)\"}" : "genetix \(GenetixVersion.string)")
        return 0
    }
}
