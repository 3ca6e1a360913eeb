import Foundation
import GenetixCommandLine

/// `genetix NODE --check --config FILE` (nginx -t, haproxy -c): validates the configuration — the file's keys and
/// types, the flags, and the files they name (tokens, secrets, certificates) — without starting anything.
enum NodeConfigCheck {
    /// `--check`.
    static let flag = FlagSpec("check",
                               help: "Validate the configuration (--config, the flags and the files they name) and exit: 0 if valid, 78 (EX_CONFIG) naming the file and key.")

    /// Runs `validate` over the merged arguments; prints the verdict; returns 0 or 78.
    static func run(_ command: String, _ given: ParsedArguments, validate: (ParsedArguments) throws -> Void) -> Int32 {
        let file = (try? given.optionalString("config")) ?? nil
        do {
            let arguments = try NodeCommandOptions.withConfigFile(given)
            try validate(arguments)
            FileHandle.standardOutput.write(Data("genetix \(command): configuration \(file ?? "(flags only)") is valid\n".utf8))
            return 0
        } catch {
            let place = file.map { "\($0): " } ?? ""
            let text = "\(error)".hasPrefix("config file ") || "\(error)".hasPrefix("cannot read config file") ? "\(error)" : "\(place)\(error)"
            FileHandle.standardError.write(Data("error: genetix \(command) --check: \(text)\n".utf8))
            return 78
        }
    }
}
