import GenetixCommandLine
import GenetixCore

/// `genetix version`: prints the version, as plain text or JSON for scripts.
enum VersionCommand: Command {
    static let spec = CommandSpec(
        name: "version",
        abstract: "Print the version of genetix.",
        flags: [FlagSpec("json", help: "Print {\"version\": \"…\"} instead of plain text.")])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        if try arguments.flag("json") {
            print("{\"version\":\"\(GenetixVersion.string)\"}")
        } else {
            print("genetix \(GenetixVersion.string)")
        }
        return 0
    }
}
