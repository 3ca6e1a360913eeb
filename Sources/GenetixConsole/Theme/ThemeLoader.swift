import Foundation
import GenetixCore

/// Finds and reads theme files: `{"name": …, "description": …, "roles": {"text": {"fg": …, "bg": …, "attrs": [...]}}}`.
///
/// Directories are searched in order and a later one wins, so user themes (`$XDG_CONFIG_HOME/genetix/themes`) override
/// the shipped ones (Themes/ at the top of the repository). Roles a file leaves out are taken from the default theme.
public struct ThemeLoader: Sendable {
    /// Directories holding `NAME.json` theme files, lowest precedence first.
    public var directories: [String]

    public init(directories: [String]) {
        self.directories = directories
    }

    /// The standard search path: the shipped Themes/ (from `$GENETIX_THEMES_DIR`, beside the executable's checkout,
    /// or the current directory), then the user's `$XDG_CONFIG_HOME/genetix/themes` (`~/.config/genetix/themes`).
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment,
                                executablePath: String = CommandLine.arguments.first ?? "") -> ThemeLoader {
        var candidates: [String] = []
        if let dir = environment["GENETIX_THEMES_DIR"] { candidates.append(dir) }
        let executable = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
        // .build/<config>/genetix → the checkout's Themes/; /usr/local/bin/genetix → /usr/local/share/genetix/themes.
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../../Themes").standardizedFileURL.path)
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../share/genetix/themes").standardizedFileURL.path)
        candidates.append(FileManager.default.currentDirectoryPath + "/Themes")
        var shipped = candidates.first { FileManager.default.fileExists(atPath: $0 + "/default.json") }.map { [$0] } ?? []
        let configHome = environment["XDG_CONFIG_HOME"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        shipped.append(configHome + "/genetix/themes")
        return ThemeLoader(directories: shipped)
    }

    /// Names of every theme found, sorted.
    public func availableThemes() -> [String] {
        var names = Set<String>(["default", "monochrome"])
        for dir in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for file in files where file.hasSuffix(".json") { names.insert(String(file.dropLast(5))) }
        }
        return names.sorted()
    }

    /// Loads the theme called `name` from the highest-precedence directory that has it. `default` and `monochrome`
    /// are built in when no file provides them.
    public func load(named name: String) throws(ThemeError) -> Theme {
        for dir in directories.reversed() {
            let path = dir + "/" + name + ".json"
            if FileManager.default.fileExists(atPath: path) { return try load(file: path) }
        }
        if name == "default" { return .builtinDefault }
        if name == "monochrome" { return .monochrome }
        throw .notFound(name: name, searched: directories, available: availableThemes())
    }

    /// Loads one theme file.
    public func load(file path: String) throws(ThemeError) -> Theme {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(file: path, reason: "no such file or not readable")
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try Self.parse(bytes: Array(data), file: path, name: name)
    }

    /// Checks the bytes of a theme file as if read from `file` (named in every error) and builds the theme `name`.
    public static func parse(bytes: [UInt8], file: String, name: String) throws(ThemeError) -> Theme {
        let root: JSONValue
        do { root = try GenetixJSON.decode(JSONValue.self, from: bytes) } catch {
            throw .malformedJSON(file: file, reason: Self.reason(of: error))
        }
        return try parse(root, file: file, name: name)
    }

    /// Picks the theme to run with and says what went wrong on the way: `NO_COLOR` (any value) gives monochrome;
    /// a missing or bad theme gives the default theme and a message naming the file and key.
    public func resolve(name: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> (theme: Theme, message: String?) {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return (.monochrome, nil) }
        do { return (try load(named: name ?? "default"), nil) } catch {
            return (.builtinDefault, error.description + "; using the default theme")
        }
    }

    static func parse(_ root: JSONValue, file: String, name: String) throws(ThemeError) -> Theme {
        guard case .object(let top) = root else {
            throw .wrongType(file: file, key: "(top level)", expected: "an object", found: describe(root))
        }
        let topKeys = ["name", "description", "roles"]
        for key in top.keys.sorted() where !topKeys.contains(key) {
            // An empty key name would vanish from the message (fuzz-theme: `{"": null}`); show it quoted.
            throw .unknownKey(file: file, key: key.isEmpty ? "\"\"" : key, known: topKeys)
        }
        for key in ["name", "description"] {
            if let value = top[key], value.stringValue == nil {
                throw .wrongType(file: file, key: key, expected: "a string", found: describe(value))
            }
        }
        var styles = Theme.builtinDefault.styles
        guard let rolesValue = top["roles"] else { return Theme(name: name, styles: styles) }
        guard case .object(let roles) = rolesValue else {
            throw .wrongType(file: file, key: "roles", expected: "an object", found: describe(rolesValue))
        }
        let known = ThemeRole.allCases.map(\.rawValue)
        for key in roles.keys.sorted() {
            guard let role = ThemeRole(rawValue: key) else { throw .unknownKey(file: file, key: "roles." + (key.isEmpty ? "\"\"" : key), known: known) }
            styles[role] = try parseStyle(roles[key]!, file: file, key: "roles." + key)
        }
        return Theme(name: name, styles: styles)
    }

    private static func parseStyle(_ value: JSONValue, file: String, key: String) throws(ThemeError) -> Style {
        guard case .object(let fields) = value else {
            throw .wrongType(file: file, key: key, expected: "an object with fg, bg and attrs", found: describe(value))
        }
        let allowed = ["fg", "bg", "attrs"]
        for field in fields.keys.sorted() where !allowed.contains(field) {
            throw .unknownKey(file: file, key: key + "." + (field.isEmpty ? "\"\"" : field), known: allowed)
        }
        var style = Style()
        if let fg = fields["fg"] { style.foreground = try parseColor(fg, file: file, key: key + ".fg") }
        if let bg = fields["bg"] { style.background = try parseColor(bg, file: file, key: key + ".bg") }
        if let attrs = fields["attrs"] {
            guard case .array(let list) = attrs else {
                throw .wrongType(file: file, key: key + ".attrs", expected: "an array of attribute names", found: describe(attrs))
            }
            for (i, item) in list.enumerated() {
                let itemKey = "\(key).attrs[\(i)]"
                guard let text = item.stringValue else {
                    throw .wrongType(file: file, key: itemKey, expected: "an attribute name", found: describe(item))
                }
                guard let attribute = TextAttributes.names.first(where: { $0.0 == text.lowercased() })?.1 else {
                    throw .unknownAttribute(file: file, key: itemKey, value: text)
                }
                style.attributes.insert(attribute)
            }
        }
        return style
    }

    private static func parseColor(_ value: JSONValue, file: String, key: String) throws(ThemeError) -> TerminalColor {
        switch value {
        case .string(let text):
            guard let color = XtermPalette.parse(text) else { throw .unknownColor(file: file, key: key, value: text) }
            return color
        case .number(let n):
            guard n.rounded() == n, n >= 0, n <= 255 else { throw .unknownColor(file: file, key: key, value: "\(n)") }
            return .index(UInt8(n))
        default:
            throw .wrongType(file: file, key: key, expected: "a colour (a name, 0–255 or \"#rrggbb\")", found: describe(value))
        }
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): "the boolean \(b)"
        // Int(n) traps beyond Int's range (`{"name": 1e300}` crashed the console: found by fuzz-theme).
        case .number(let n): "the number \(n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : String(n))"
        case .string(let s): "the string \"\(s)\""
        case .array: "an array"
        case .object: "an object"
        }
    }

    private static func reason(of error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        }
        return "\(error)"
    }
}
