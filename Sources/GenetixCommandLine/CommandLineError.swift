/// A command line that cannot be run as typed: an unknown or misspelt name, a missing or malformed value.
///
/// Every case names the command (`genetix app`) and the offending word, so the message alone says what to fix.
/// All of them are usage errors: the tool exits with `exitCode` (64, `EX_USAGE` from sysexits.h).
public enum CommandLineError: Error, Equatable, CustomStringConvertible {
    /// An option or flag the command does not declare, with the nearest declared name when one is close.
    case unknownOption(String, command: String, suggestion: String?)
    /// A subcommand the command does not have, with the nearest name when one is close, and the full list.
    case unknownCommand(String, command: String, suggestion: String?, available: [String])
    /// An option given as the last word, or followed by another option, instead of its value.
    case missingValue(option: String, valueName: String, command: String)
    /// A value that does not parse as what the option or argument expects (`expected` says what would).
    case invalidValue(String, for: String, expected: String, command: String)
    /// A value attached to a flag, which takes none (`--json=yes`).
    case unexpectedFlagValue(flag: String, value: String, command: String)
    /// A required positional argument that was not given.
    case missingArgument(String, command: String)
    /// A positional value beyond the ones the command declares.
    case unexpectedArgument(String, command: String)
    /// A required option that was not given.
    case missingOption(String, command: String)
    /// A command group run without one of its subcommands.
    case missingSubcommand(command: String, available: [String])
    /// Two options that contradict each other (`--json --output text`, `-q -v`).
    case conflictingOptions(String, String, command: String)
    /// A command's own code asked for a name its declaration lacks: a bug in the command, not in the command line.
    case undeclaredName(String, command: String)

    /// The process exit code for every usage error: 64 (`EX_USAGE`).
    public static let usageExitCode: Int32 = 64

    /// The exit code the tool returns for this error.
    public var exitCode: Int32 { Self.usageExitCode }

    /// The command whose `--help` the error message points to (`genetix app`).
    public var command: String {
        switch self {
        case .unknownOption(_, let command, _), .unknownCommand(_, let command, _, _),
             .missingValue(_, _, let command), .invalidValue(_, _, _, let command),
             .unexpectedFlagValue(_, _, let command), .missingArgument(_, let command),
             .unexpectedArgument(_, let command), .missingOption(_, let command),
             .missingSubcommand(let command, _), .undeclaredName(_, let command), .conflictingOptions(_, _, let command):
            return command
        }
    }

    /// The message, without the `error: ` prefix the tool adds.
    public var description: String {
        switch self {
        case .unknownOption(let name, let command, let suggestion):
            return "unknown option '\(name)' for '\(command)'." + Self.didYouMean(suggestion)
        case .unknownCommand(let name, let command, let suggestion, let available):
            if suggestion != nil {
                return "unknown command '\(name)' for '\(command)'." + Self.didYouMean(suggestion)
            }
            return "unknown command '\(name)' for '\(command)'. Commands: \(available.joined(separator: ", "))."
        case .missingValue(let option, let valueName, let command):
            return "option '\(option)' of '\(command)' needs a value: \(option) <\(valueName)>."
        case .invalidValue(let value, let name, let expected, let command):
            return "invalid value '\(value)' for '\(name)' of '\(command)': expected \(expected)."
        case .unexpectedFlagValue(let flag, let value, let command):
            return "flag '\(flag)' of '\(command)' takes no value, but was given '\(value)'."
        case .missingArgument(let name, let command):
            return "missing argument '<\(name)>' for '\(command)'."
        case .unexpectedArgument(let value, let command):
            return "unexpected argument '\(value)' for '\(command)'."
        case .missingOption(let option, let command):
            return "missing required option '\(option)' for '\(command)'."
        case .missingSubcommand(let command, let available):
            return "'\(command)' needs a subcommand: \(available.joined(separator: ", "))."
        case .conflictingOptions(let first, let second, let command):
            return "'\(first)' and '\(second)' of '\(command)' contradict each other; give only one."
        case .undeclaredName(let name, let command):
            return "'\(command)' reads '\(name)', which its declaration lacks; this is a bug in the command, please report it."
        }
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { " Did you mean '\($0)'?" } ?? ""
    }
}
