import Foundation
import GenetixCore

/// Walks the JSON of a console configuration and builds an `OperatorConfig`, naming the key path of every problem.
struct OperatorConfigParser {
    let path: String
    let environment: [String: String]

    static let topKeys = ["cluster", "nodes", "refresh", "theme", "logLines", "thresholds", "collector"]
    static let nodeKeys = ["name", "kind", "admin", "token", "tokenFile", "tokenEnv", "caFile"]

    func parse(_ root: JSONValue) throws(OperatorConfigError) -> OperatorConfig {
        guard case .object(let top) = root else { throw invalid("(top level)", "must be an object with cluster, nodes, refresh, theme, thresholds") }
        try rejectUnknown(top, allowed: Self.topKeys, at: "")
        guard let clusterValue = top["cluster"] else { throw invalid("cluster", "is required (the cluster's name)") }
        guard let cluster = clusterValue.stringValue, !cluster.isEmpty else { throw invalid("cluster", "must be a non-empty string") }
        var config = OperatorConfig(cluster: cluster, nodes: [], path: path)
        if let refresh = top["refresh"] {
            guard let seconds = refresh.doubleValue, seconds >= 0.25, seconds <= 3600 else {
                throw invalid("refresh", "must be a number of seconds from 0.25 to 3600")
            }
            config.refreshSeconds = seconds
        }
        if let theme = top["theme"] {
            guard let name = theme.stringValue, !name.isEmpty else { throw invalid("theme", "must be a theme name such as \"default\" or \"nord\"") }
            config.theme = name
        }
        if let lines = top["logLines"] {
            guard let count = lines.intValue, (100...100_000).contains(count) else {
                throw invalid("logLines", "must be a whole number of lines from 100 to 100000 (the console keeps about 250 bytes per line)")
            }
            config.logLines = count
        }
        if let thresholds = top["thresholds"] { config.thresholds = try parseThresholds(thresholds) }
        if let collector = top["collector"] {
            guard let directory = collector.stringValue, directory.hasPrefix("/") else {
                throw invalid("collector", "must be the absolute path of the syslog collector's directory, e.g. \"/var/log/genetix-collector\"")
            }
            config.collector = directory
        }
        guard let nodesValue = top["nodes"] else { throw invalid("nodes", "is required (a list of {name, kind, admin, token…})") }
        guard case .array(let list) = nodesValue else { throw invalid("nodes", "must be a list of {name, kind, admin, token…} objects") }
        guard !list.isEmpty else { throw invalid("nodes", "is empty: list at least one node") }
        for (i, value) in list.enumerated() {
            let node = try parseNode(value, at: "nodes[\(i)]")
            if config.nodes.contains(where: { $0.name == node.name }) {
                throw invalid("nodes[\(i)].name", "'\(node.name)' is used by an earlier node; names must be unique")
            }
            config.nodes.append(node)
        }
        return config
    }

    private func parseNode(_ value: JSONValue, at key: String) throws(OperatorConfigError) -> ConfiguredNode {
        guard case .object(let o) = value else { throw invalid(key, "must be an object with name, kind, admin and a token") }
        try rejectUnknown(o, allowed: Self.nodeKeys, at: key)
        guard let name = o["name"]?.stringValue, !name.isEmpty else { throw invalid("\(key).name", "must be a non-empty string") }
        guard let kindText = o["kind"] else { throw invalid("\(key).kind", "is required: app, balancer or database") }
        guard let kind = kindText.stringValue.flatMap(NodeKind.init(rawValue:)) else {
            throw invalid("\(key).kind", "must be app, balancer or database")
        }
        guard let admin = o["admin"]?.stringValue, !admin.isEmpty else {
            throw invalid("\(key).admin", "must be the admin API's URL, e.g. \"http://127.0.0.1:9301\"")
        }
        guard admin.hasPrefix("http://") || admin.hasPrefix("https://"), let url = URL(string: admin), url.host != nil else {
            throw invalid("\(key).admin", "'\(admin)' is not an http:// or https:// URL")
        }
        let sources = ["token", "tokenFile", "tokenEnv"].filter { o[$0] != nil }
        if sources.count > 1 { throw invalid(key, "give only one of token, tokenFile, tokenEnv (found \(sources.joined(separator: ", ")))") }
        var token: String?
        if let t = o["token"] {
            guard let s = t.stringValue, !s.isEmpty else { throw invalid("\(key).token", "must be a non-empty string") }
            token = s
        } else if let f = o["tokenFile"] {
            guard let file = f.stringValue, !file.isEmpty else { throw invalid("\(key).tokenFile", "must be a path") }
            token = try readTokenFile(resolve(file), at: "\(key).tokenFile")
        } else if let e = o["tokenEnv"] {
            guard let variable = e.stringValue, !variable.isEmpty else { throw invalid("\(key).tokenEnv", "must be an environment variable's name") }
            guard let s = environment[variable], !s.isEmpty else {
                throw invalid("\(key).tokenEnv", "the environment variable \(variable) is not set (export it, or use token or tokenFile)")
            }
            token = s
        }
        var caFile: String?
        if let c = o["caFile"] {
            guard let file = c.stringValue, !file.isEmpty else { throw invalid("\(key).caFile", "must be the path of a PEM certificate") }
            let resolved = resolve(file)
            guard FileManager.default.isReadableFile(atPath: resolved) else { throw invalid("\(key).caFile", "cannot read \(resolved)") }
            caFile = resolved
        }
        return ConfiguredNode(name: name, kind: kind, admin: admin.hasSuffix("/") ? String(admin.dropLast()) : admin, token: token, caFile: caFile)
    }

    private func parseThresholds(_ value: JSONValue) throws(OperatorConfigError) -> CheckThresholds {
        guard case .object(let o) = value else { throw invalid("thresholds", "must be an object of {\"warn\": X, \"crit\": Y} pairs") }
        try rejectUnknown(o, allowed: CheckThresholds.keys, at: "thresholds")
        var thresholds = CheckThresholds()
        for key in CheckThresholds.keys {
            guard let entry = o[key] else { continue }
            let at = "thresholds.\(key)"
            guard case .object(let pair) = entry else { throw invalid(at, "must be {\"warn\": X, \"crit\": Y}") }
            try rejectUnknown(pair, allowed: ["warn", "crit"], at: at)
            var levels = thresholds[key]!
            if let w = pair["warn"] {
                guard let d = w.doubleValue, d >= 0 else { throw invalid("\(at).warn", "must be a number, 0 or more") }
                levels.warn = d
            }
            if let c = pair["crit"] {
                guard let d = c.doubleValue, d >= 0 else { throw invalid("\(at).crit", "must be a number, 0 or more") }
                levels.crit = d
            }
            guard levels.warn <= levels.crit else { throw invalid(at, "warn (\(Self.number(levels.warn))) must not exceed crit (\(Self.number(levels.crit)))") }
            thresholds[key] = levels
        }
        return thresholds
    }

    private func readTokenFile(_ file: String, at key: String) throws(OperatorConfigError) -> String {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw invalid(key, "cannot read \(file): \(OperatorConfigLoader.reason(error))")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw invalid(key, "\(file) is empty") }
        return token
    }

    /// Relative paths in the file are relative to the file's folder.
    private func resolve(_ file: String) -> String {
        if file.hasPrefix("/") { return file }
        if file.hasPrefix("~/"), let home = environment["HOME"] { return home + file.dropFirst(1) }
        return (path as NSString).deletingLastPathComponent + "/" + file
    }

    private func rejectUnknown(_ object: [String: JSONValue], allowed: [String], at key: String) throws(OperatorConfigError) {
        for name in object.keys.sorted() where !allowed.contains(name) {
            // An empty key name would vanish from the message ("file: : unknown key"); show it quoted.
            let shown = name.isEmpty ? "\"\"" : name
            throw invalid(key.isEmpty ? shown : "\(key).\(shown)", "unknown key (expected one of: \(allowed.joined(separator: ", ")))")
        }
    }

    private func invalid(_ key: String, _ message: String) -> OperatorConfigError {
        .invalid(path: path, key: key, message: message)
    }

    static func number(_ d: Double) -> String { d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d) }
}
