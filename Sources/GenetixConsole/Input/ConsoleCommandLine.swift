import GenetixCore
import GenetixOperations

/// What a `:` command line asks for.
public enum CommandLineRequest: Sendable, Equatable {
    case action(ClusterAction)
    case theme(String)
    /// `:ctx NAME` switches context; `:ctx` lists them.
    case context(String?)
    case refresh(Duration)
    case open(node: String)
    case logs(node: String?)
    case timeline
    case help
    case quit
}

/// The `:` command line: parsing (`:scale app-1 4`, `:promote db-2`, `:drain lb-1 127.0.0.1:8102`, `:theme nord`,
/// `:refresh 2`, `:q`) and Tab completion of command words, node names, backends and themes.
public struct ConsoleCommandLine: Sendable {
    /// What completion can offer.
    public var nodes: [(name: String, kind: NodeKind)]
    /// Backend addresses per balancer.
    public var backends: [String: [String]]
    public var themes: [String]
    /// Context names (one per configuration given with --config).
    public var contexts: [String]

    public init(nodes: [(name: String, kind: NodeKind)], backends: [String: [String]], themes: [String], contexts: [String] = []) {
        self.nodes = nodes
        self.backends = backends
        self.themes = themes
        self.contexts = contexts
    }

    /// The commands with their help, for the help screen.
    public static let reference: [(String, String)] = [
        (":scale NODE N|+K|-K", "Set or change the worker count of an app node"),
        (":autoscale NODE on|off", "Turn an app node's autoscaler on or off"),
        (":restart NODE [WORKER]", "Rolling restart of an app node, or one worker"),
        (":drain BALANCER BACKEND", "Stop routing to a backend (e.g. 127.0.0.1:8102)"),
        (":enable BALANCER BACKEND", "Route to a drained backend again"),
        (":promote NODE [force]", "Promote a database replica to primary"),
        (":weight BALANCER BACKEND N", "Set a backend's weight (0 to 1000)"),
        (":purge BALANCER PREFIX", "Remove cached responses under a path prefix"),
        (":fence NODE / :unfence NODE", "Fence a database primary (read-only), or lift it"),
        (":follow NODE [PRIMARY]", "Re-point a replica at the primary"),
        (":rejoin NODE [PRIMARY]", "Turn an old primary into a replica (pg_rewind)"),
        (":sync NODE on|off", "Synchronous replication on the primary"),
        (":standby BALANCER on|off", "Move a balancer pair's floating address to a peer (on), or make the balancer ready again (off)"),
        (":pause [NODE] / :resume [NODE]", "Automatic failover of the whole cluster off (maintenance) or on"),
        (":open NODE", "Show a node's detail"),
        (":logs [NODE]", "Logs of every node, or one"),
        (":timeline", "The incident timeline"),
        (":ctx [NAME]", "Watch another cluster (one context per --config); alone, list them"),
        (":theme NAME", "Switch the colour theme"),
        (":refresh SECONDS", "Poll every SECONDS (at least 0.25)"),
        (":q", "Quit"),
    ]

    static let words = ["scale", "autoscale", "restart", "drain", "enable", "promote", "weight", "purge", "fence", "unfence", "follow",
                        "rejoin", "sync", "standby", "pause", "resume", "open", "logs", "timeline", "ctx", "theme", "refresh",
                        "help", "quit", "q"]

    /// Parses a command line (without the `:`); the error says what is wrong and what was expected.
    public func parse(_ text: String) -> Result<CommandLineRequest, CommandLineProblem> {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let verb = words.first else { return .failure(.empty) }
        let args = Array(words.dropFirst())
        func node(_ i: Int, _ kind: NodeKind?, usage: String) -> Result<String, CommandLineProblem> {
            guard i < args.count else { return .failure(.usage(usage)) }
            guard let found = nodes.first(where: { $0.name == args[i] }) else { return .failure(.unknownNode(args[i])) }
            if let kind, found.kind != kind { return .failure(.wrongKind(node: args[i], expected: kind)) }
            return .success(found.name)
        }
        switch verb {
        case "q", "quit", "q!", "qa": return .success(.quit)
        case "help", "h": return .success(.help)
        case "timeline", "events": return .success(.timeline)
        case "logs":
            if args.isEmpty { return .success(.logs(node: nil)) }
            return node(0, nil, usage: "logs [NODE]").map { .logs(node: $0) }
        case "open":
            return node(0, nil, usage: "open NODE").map { .open(node: $0) }
        case "ctx", "context":
            guard args.count <= 1 else { return .failure(.usage("ctx [NAME] — one of: \(contexts.joined(separator: ", "))")) }
            return .success(.context(args.first))
        case "theme":
            guard args.count == 1 else { return .failure(.usage("theme NAME — one of: \(themes.joined(separator: ", "))")) }
            return .success(.theme(args[0]))
        case "refresh":
            guard args.count == 1, let seconds = Double(args[0]), seconds.isFinite, seconds > 0 else {
                return .failure(.usage("refresh SECONDS (e.g. :refresh 2 or :refresh 0.5)"))
            }
            return .success(.refresh(.milliseconds(Int((seconds * 1000).rounded()))))
        case "scale":
            let usage = "scale NODE N|+K|-K (e.g. :scale app-1 4)"
            guard args.count == 2 else { return .failure(.usage(usage)) }
            guard let target = WorkerCountChange(parsing: args[1]) else { return .failure(.usage(usage)) }
            return node(0, .app, usage: usage).map { .action(.scale(node: $0, change: target)) }
        case "autoscale":
            let usage = "autoscale NODE on|off"
            guard args.count == 2, ["on", "off"].contains(args[1]) else { return .failure(.usage(usage)) }
            return node(0, .app, usage: usage).map { .action(.autoscale(node: $0, setting: AutoscaleSetting(enabled: args[1] == "on"))) }
        case "restart":
            let usage = "restart NODE [WORKER]"
            guard (1...2).contains(args.count) else { return .failure(.usage(usage)) }
            var worker: Int?
            if args.count == 2 {
                guard let w = Int(args[1]) else { return .failure(.usage(usage)) }
                worker = w
            }
            return node(0, .app, usage: usage).map { .action(.restart(node: $0, worker: worker)) }
        case "drain", "enable":
            let usage = "\(verb) BALANCER BACKEND (e.g. :\(verb) lb-1 127.0.0.1:8102)"
            guard args.count == 2 else { return .failure(.usage(usage)) }
            return node(0, .balancer, usage: usage).map {
                verb == "drain" ? .action(.drain(balancer: $0, backend: args[1])) : .action(.enable(balancer: $0, backend: args[1]))
            }
        case "promote":
            let usage = "promote NODE [force]"
            guard (1...2).contains(args.count), args.count == 1 || ["force", "--force"].contains(args[1]) else { return .failure(.usage(usage)) }
            return node(0, .database, usage: usage).map { .action(.promote(node: $0, force: args.count == 2, rejoin: false)) }
        case "weight":
            let usage = "weight BALANCER BACKEND N (0 to 1000, e.g. :weight lb-1 127.0.0.1:8102 5)"
            guard args.count == 3, let weight = Int(args[2]), (0...1000).contains(weight) else { return .failure(.usage(usage)) }
            return node(0, .balancer, usage: usage).map { .action(.weight(balancer: $0, backend: args[1], weight: weight)) }
        case "purge":
            let usage = "purge BALANCER PREFIX (a path starting with /, e.g. :purge lb-1 /static/)"
            guard args.count == 2, args[1].hasPrefix("/") else { return .failure(.usage(usage)) }
            return node(0, .balancer, usage: usage).map { .action(.purge(balancer: $0, prefix: args[1])) }
        case "fence", "unfence":
            let usage = "\(verb) NODE (a database primary)"
            guard args.count == 1 else { return .failure(.usage(usage)) }
            return node(0, .database, usage: usage).map { .action(verb == "fence" ? .fence(node: $0) : .unfence(node: $0)) }
        case "follow", "rejoin":
            let usage = "\(verb) NODE [PRIMARY-HOST:PORT] (default: the current primary)"
            guard (1...2).contains(args.count) else { return .failure(.usage(usage)) }
            let primary = args.count == 2 ? args[1] : nil
            return node(0, .database, usage: usage).map { .action(verb == "follow" ? .follow(node: $0, primary: primary) : .rejoin(node: $0, primary: primary)) }
        case "sync":
            let usage = "sync NODE on|off"
            guard args.count == 2, ["on", "off"].contains(args[1]) else { return .failure(.usage(usage)) }
            return node(0, .database, usage: usage).map { .action(.sync(node: $0, enabled: args[1] == "on")) }
        case "standby":
            let usage = "standby BALANCER on|off"
            guard args.count == 2, ["on", "off"].contains(args[1]) else { return .failure(.usage(usage)) }
            return node(0, .balancer, usage: usage).map { .action(.standby(balancer: $0, enabled: args[1] == "on")) }
        case "pause", "resume":
            let usage = "\(verb) [NODE] (a database node; the first that answers when left out)"
            guard args.count <= 1 else { return .failure(.usage(usage)) }
            let via: Result<String?, CommandLineProblem> = args.isEmpty ? .success(nil) : node(0, .database, usage: usage).map { $0 }
            return via.map { .action(verb == "pause" ? .pause(via: $0) : .resume(via: $0)) }
        default:
            return .failure(.unknownCommand(verb))
        }
    }

    /// Candidates for the word being typed at the end of `text`.
    public func completions(for text: String) -> [String] {
        let endsWithSpace = text.hasSuffix(" ")
        var words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let partial = endsWithSpace ? "" : (words.popLast() ?? "")
        let candidates: [String]
        switch (words.first, words.count) {
        case (nil, _): candidates = Self.words
        case ("scale", 1), ("autoscale", 1), ("restart", 1): candidates = names(.app)
        case ("drain", 1), ("enable", 1), ("weight", 1), ("purge", 1), ("standby", 1): candidates = names(.balancer)
        case ("promote", 1), ("fence", 1), ("unfence", 1), ("follow", 1), ("rejoin", 1), ("sync", 1), ("pause", 1),
             ("resume", 1): candidates = names(.database)
        case ("weight", 2): candidates = backends[words[1]] ?? []
        case ("purge", 2): candidates = ["/", "/static/"]
        case ("sync", 2), ("standby", 2): candidates = ["on", "off"]
        case ("open", 1), ("logs", 1): candidates = nodes.map(\.name)
        case ("drain", 2), ("enable", 2): candidates = backends[words[1]] ?? []
        case ("autoscale", 2): candidates = ["on", "off"]
        case ("promote", 2): candidates = ["force"]
        case ("theme", 1): candidates = themes
        case ("ctx", 1): candidates = contexts
        default: candidates = []
        }
        return candidates.filter { $0.hasPrefix(partial) }
    }

    /// `text` with its last word completed as far as the candidates agree (a space added when only one is left).
    public func complete(_ text: String) -> String {
        let options = completions(for: text)
        guard let first = options.first else { return text }
        var common = first
        for option in options.dropFirst() {
            while !option.hasPrefix(common) { common.removeLast() }
        }
        var base = text
        if !text.hasSuffix(" ") {
            while let last = base.last, last != " " { base.removeLast() }
        }
        return base + common + (options.count == 1 ? " " : "")
    }

    private func names(_ kind: NodeKind) -> [String] { nodes.filter { $0.kind == kind }.map(\.name) }
}

/// Why a command line could not be run.
public enum CommandLineProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case unknownCommand(String)
    case unknownNode(String)
    case wrongKind(node: String, expected: NodeKind)
    case usage(String)

    public var description: String {
        switch self {
        case .empty: "type a command, e.g. :scale app-1 4, or Esc to cancel"
        case .unknownCommand(let verb): "unknown command \"\(verb)\"; :help lists them"
        case .unknownNode(let name): "no node named \"\(name)\" in this cluster"
        case .wrongKind(let node, let kind): "\(node) is not \(kind == .app ? "an" : "a") \(kind.rawValue) node"
        case .usage(let usage): "usage: :" + usage
        }
    }
}
