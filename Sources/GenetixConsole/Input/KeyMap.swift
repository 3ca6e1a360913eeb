import GenetixCore

/// Keys → console commands, per screen and node kind. The help screen, the footer hints and README's key table are
/// generated from it, so what a key does and what the help says cannot drift apart.
public struct KeyMap: Sendable {
    public let bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) { self.bindings = bindings }

    /// The command a key means in `context` for a node of `kind` (a binding of the screen wins over a global one).
    public func command(for key: Key, in context: KeyContext, kind: NodeKind? = nil) -> ConsoleCommand? {
        if let b = bindings.first(where: { $0.context == context && $0.applies(to: kind) && $0.keys.contains(key) }) { return b.command }
        return bindings.first { $0.context == .global && $0.keys.contains(key) }?.command
    }

    /// The bindings of a context (and kind, when given), in declaration order.
    public func bindings(in context: KeyContext, kind: NodeKind? = nil) -> [KeyBinding] {
        bindings.filter { $0.context == context && (kind == nil || $0.kind == kind) }
    }

    /// The footer hints for a screen showing a node of `kind`: its own hinted bindings, then the global ones.
    public func hints(for context: KeyContext, kind: NodeKind? = nil) -> [KeyBinding] {
        let own = context == .global ? [] : bindings.filter { $0.hint != nil && $0.context == context && $0.applies(to: kind) }
        return own + bindings.filter { $0.hint != nil && $0.context == .global }
    }

    /// The help sections in order: each context, split by node kind where bindings are per kind.
    public var sections: [(title: String, bindings: [KeyBinding])] {
        var out: [(String, [KeyBinding])] = []
        for context in KeyContext.allCases {
            let all = bindings.filter { $0.context == context }
            let common = all.filter { $0.kind == nil }
            if !common.isEmpty { out.append((context.rawValue, common)) }
            for kind in [NodeKind.app, .balancer, .database] {
                let own = all.filter { $0.kind == kind }
                if !own.isEmpty { out.append(("\(context.rawValue) — \(kind.rawValue) node", own)) }
            }
        }
        return out
    }

    /// README's key table (Markdown), generated from the bindings; a test keeps README equal to it.
    public var markdownTable: String {
        var out = "| screen | keys | what they do | headless twin |\n|---|---|---|---|\n"
        for section in sections {
            for b in section.bindings {
                let keys = b.keys.map { "`\($0.description == "`" ? "backtick" : $0.description)`" }.joined(separator: " ")
                out += "| \(section.title) | \(keys) | \(b.help.replacingOccurrences(of: "|", with: "\\|")) | \(b.headless.map { "`\($0)`" } ?? "") |\n"
            }
        }
        return out
    }
}
