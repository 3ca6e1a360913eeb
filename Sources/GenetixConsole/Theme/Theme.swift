import GenetixCore

/// A colour theme: a style for every semantic role.
public struct Theme: Sendable, Equatable {
    /// The theme's name (its file name without `.json`).
    public var name: String
    /// The style of every role; roles a file leaves out come from the default theme.
    public var styles: [ThemeRole: Style]

    public init(name: String, styles: [ThemeRole: Style]) {
        self.name = name
        self.styles = styles
    }

    /// The style of a role.
    public subscript(role: ThemeRole) -> Style { styles[role] ?? .plain }

    /// The style for a log level.
    public func style(for level: LogLevel) -> Style {
        switch level {
        case .trace: self[.logTrace]
        case .debug: self[.logDebug]
        case .info: self[.logInfo]
        case .notice: self[.logNotice]
        case .warn: self[.logWarn]
        case .error: self[.logError]
        case .critical: self[.logCritical]
        }
    }

    /// This theme as a terminal of `depth` shows it; a monochrome terminal gets the monochrome theme, since
    /// colour-only distinctions (selection, warnings) would vanish.
    public func reduced(to depth: ColorDepth) -> Theme {
        if depth == .monochrome { return .monochrome }
        return Theme(name: name, styles: styles.mapValues { $0.reduced(to: depth) })
    }

    /// The default dark theme, built in so that a console always has one (Themes/default.json holds the same).
    public static let builtinDefault: Theme = {
        func s(_ fg: String, _ bg: String = "default", _ attrs: TextAttributes = []) -> Style {
            Style(foreground: XtermPalette.parse(fg)!, background: XtermPalette.parse(bg)!, attributes: attrs)
        }
        return Theme(name: "default", styles: [
            .text: s("252"), .dim: s("244"), .header: s("255", "24", .bold), .title: s("81", "default", .bold),
            .columnHeader: s("110", "default", .bold), .tier: s("180", "default", .bold), .border: s("240"),
            .selection: s("255", "238", .bold), .ok: s("114"), .warn: s("220"), .crit: s("203", "default", .bold),
            .spark: s("75"), .accent: s("117", "default", .bold), .badge: s("231", "124", .bold), .footer: s("250", "236"),
            .key: s("222", "236", .bold), .match: s("16", "220"), .flash: s("231", "28", .bold), .dialog: s("252", "235"),
            .dialogBorder: s("81", "235", .bold), .logTrace: s("240"), .logDebug: s("245"), .logInfo: s("252"),
            .logNotice: s("117"), .logWarn: s("220"), .logError: s("203"), .logCritical: s("231", "124", .bold),
        ])
    }()

    /// Attributes only, for `NO_COLOR` and terminals without colour (Themes/monochrome.json holds the same).
    public static let monochrome: Theme = {
        var styles: [ThemeRole: Style] = [:]
        for role in ThemeRole.allCases { styles[role] = .plain }
        for role: ThemeRole in [.header, .selection, .badge, .flash, .match, .logCritical] { styles[role] = Style(attributes: .reverse) }
        for role: ThemeRole in [.title, .columnHeader, .tier, .crit, .accent, .key, .dialogBorder, .logError] {
            styles[role] = Style(attributes: .bold)
        }
        for role: ThemeRole in [.dim, .border, .logTrace, .logDebug] { styles[role] = Style(attributes: .dim) }
        styles[.warn] = Style(attributes: .underline)
        styles[.logWarn] = Style(attributes: .underline)
        return Theme(name: "monochrome", styles: styles)
    }()
}
