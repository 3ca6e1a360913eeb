/// The declaration of one positional argument (`genetix scale <node> <count>`).
public struct PositionalSpec: Sendable, Equatable {
    /// The name shown in usage and help (`node` prints as `<node>`) and used by `ParsedArguments.argument(_:)`.
    public var name: String
    /// What the argument means.
    public var help: String
    /// Whether the argument may be left out. Optional arguments must come after required ones.
    public var isOptional: Bool
    /// Whether the argument takes every remaining positional value. Only the last argument may repeat.
    public var isRepeating: Bool

    /// Declares a positional argument.
    public init(_ name: String, help: String = "", isOptional: Bool = false, isRepeating: Bool = false) {
        self.name = name
        self.help = help
        self.isOptional = isOptional
        self.isRepeating = isRepeating
    }
}
