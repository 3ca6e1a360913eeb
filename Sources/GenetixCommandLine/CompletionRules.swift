/// How a tool's values are completed, beyond what the specs say themselves (`allowedValues`): which argument and
/// option names complete from the tool at run time, and which value names are files or directories.
public struct CompletionRules: Sendable, Equatable {
    /// Positional argument names and option long names whose values the tool prints when run with the arguments
    /// (`["node": ["__complete-nodes"]]`).
    public var dynamic: [String: [String]]
    /// Option value names that are files (`file`, `pem`).
    public var fileValueNames: Set<String>
    /// Option value names that are directories (`dir`).
    public var directoryValueNames: Set<String>

    /// Declares the rules.
    public init(dynamic: [String: [String]] = [:], fileValueNames: Set<String> = ["file"], directoryValueNames: Set<String> = ["dir"]) {
        self.dynamic = dynamic
        self.fileValueNames = fileValueNames
        self.directoryValueNames = directoryValueNames
    }

    /// What completes the value of `option`.
    public func value(of option: OptionSpec) -> CompletionValue {
        if let allowed = option.allowedValues { return .words(allowed) }
        if let command = dynamic[option.long] { return .dynamic(command) }
        if fileValueNames.contains(option.valueName) { return .files }
        if directoryValueNames.contains(option.valueName) { return .directories }
        return .none
    }

    /// What completes a positional argument.
    public func value(of argument: PositionalSpec) -> CompletionValue {
        dynamic[argument.name].map { .dynamic($0) } ?? .none
    }
}
