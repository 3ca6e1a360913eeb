import GenetixCore

/// One key binding with the text the help screen shows.
public struct KeyBinding: Sendable, Hashable {
    public var keys: [Key]
    public var command: ConsoleCommand
    public var context: KeyContext
    /// The node kind the binding is for (on the overview: the selected node's kind); nil for every kind.
    public var kind: NodeKind?
    public var help: String
    /// The footer's one-word label, when the footer of its screen lists it.
    public var hint: String?
    /// The headless command the key runs, for help and the README (`genetix scale NODE +1`).
    public var headless: String?

    public init(_ keys: [Key], _ command: ConsoleCommand, _ context: KeyContext, _ help: String, kind: NodeKind? = nil,
                hint: String? = nil, headless: String? = nil) {
        self.keys = keys
        self.command = command
        self.context = context
        self.kind = kind
        self.help = help
        self.hint = hint
        self.headless = headless
    }

    /// Whether the binding applies to a node of `kind` (or to no node).
    func applies(to kind: NodeKind?) -> Bool { self.kind == nil || self.kind == kind }
}
